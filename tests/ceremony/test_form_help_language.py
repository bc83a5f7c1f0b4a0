"""Help texts that carry a number (the photo's size limit, the number of signatories) read in the
page's language: they are formatted when shown, not once when the form's file is loaded."""

from django.utils import translation

from ceremony.programme_forms import PresenterForm
from ceremony.staff_forms import PublicationOptionsForm


def test_the_presenter_photo_help_follows_the_language():
    help_text = PresenterForm.base_fields["photo"].help_text
    with translation.override("ko"):
        assert str(help_text).startswith("5 MB 이하의 PNG 또는 JPEG 파일입니다.")
    with translation.override("en"):
        assert str(help_text).startswith("A PNG or JPEG, at most 5 MB.")


def test_the_signatories_help_follows_the_language():
    help_text = PublicationOptionsForm.base_fields["signatories_text"].help_text
    with translation.override("ko"):
        assert str(help_text).startswith("한 줄에 한 명씩")
    with translation.override("en"):
        assert str(help_text).startswith("One person a line")
