"""The entries' texts that entrants read, per language (see ``prize/translation.py``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from prize import translations

from .models import ScreeningReason


@register(ScreeningReason)
class ScreeningReasonTranslation(TranslationOptions):
    fields = ("text",)


translations.register(
    "entries.reasons", order=50, model=ScreeningReason, label=_("Screening reasons"),
    objects=lambda edition: ScreeningReason.objects.filter(edition=edition).order_by(
        "decision", "order", "pk"),
    edit_url=lambda edition, obj: reverse("entries:staff_reason", args=[edition.slug, obj.pk]))
