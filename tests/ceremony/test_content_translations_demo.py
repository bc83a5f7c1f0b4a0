"""The demo's 2023 edition speaks Korean too: every text it shows the public, the entrants and
the judges has its Korean version, so its Translations page has nothing missing."""

import pytest
from django.utils import translation

from ceremony.models import Award, Ceremony, ProgrammeItem
from judging.models import Criterion
from prize import translations

pytestmark = pytest.mark.django_db


def test_every_text_of_the_2023_edition_has_its_korean(demo_loaded):
    edition = demo_loaded.edition

    report = translations.report(edition)

    assert report.counts == {"en": 0, "ko": 0}, [
        (row.source.key, row.description, [g.field for g in row.gaps]) for row in report.rows]
    with translation.override("ko"):
        assert edition.__class__.objects.get(pk=edition.pk).name == "2023 서울스마트시티상"
        assert Award.objects.get(edition=edition, name_en="Tech-InnovaCity Gold").name == \
            "Tech-InnovaCity 금상"
        assert Criterion.objects.filter(round__edition=edition, name_en="Value generation") \
            .first().name == "가치 창출"
        assert Ceremony.objects.get(edition=edition).address.startswith("서울특별시 중구")
        assert ProgrammeItem.objects.filter(edition=edition, title_en="Welcome").get().title \
            == "개회"
