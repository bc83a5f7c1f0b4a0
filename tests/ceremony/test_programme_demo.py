"""The demo's evening: the 2023 ceremony at DDP on Monday 25 September 2023, 15:00 Seoul time,
with its hosts and the four steering committee members named by their role, and a programme
that presents every 2023 award once; public before the day, with no winner on the page. The
demo runs once for the module; ``demo --reset`` removes the evening with the rest."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ceremony import evening
from ceremony.models import Award, Ceremony, Decision, Presenter, ProgrammeItem
from prize.models import AuditEvent

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def demo(demo_loaded):
    return demo_loaded.edition, demo_loaded.printed


def test_the_evening_of_25_september_2023_at_ddp(demo):
    edition, printed = demo
    assert edition.ceremony_at == datetime(2023, 9, 25, 15, 0, tzinfo=SEOUL)
    assert edition.ceremony_venue == "Dongdaemun Design Plaza (DDP), Seoul"
    row = Ceremony.objects.get(edition=edition)
    assert row.address.startswith("281 Eulji-ro, Jung-gu, Seoul")
    assert row.map_url.startswith("https://")
    assert row.reply_by == datetime(2023, 9, 15, 15, 0, tzinfo=SEOUL)
    assert "The ceremony (created): Monday 25 September 2023 15:00" in printed
    assert "0 awards without a presentation" in printed


def test_the_hosts_and_the_steering_committee_on_stage(demo):
    edition, _printed = demo
    names = list(Presenter.objects.filter(edition=edition).values_list("name", flat=True))
    assert names == [
        "Secretary General of WeGO", "Mayor of Seoul", "President of Le Temps",
        "President & CEO of SEMI", "Director-General of GGGI",
        "President of IMD's Smart City Observatory"]


def test_every_award_is_presented_once(demo):
    edition, _printed = demo
    items = evening.programme_of(edition)
    presented = [a.name for item in items for a in item.awards.all()]
    assert sorted(presented) == sorted(Award.objects.filter(edition=edition)
                                       .values_list("name", flat=True))
    assert len(presented) == len(set(presented)) == 8
    assert [i.kind for i in items][0] == "welcome"
    assert "photo" in [i.kind for i in items]
    assert evening.programme_warnings(edition, items) == []
    assert [edition.local(i.starts_at).strftime("%H:%M") for i in items][:3] == [
        "15:00", "15:10", "15:20"]
    gold = next(i for i in items if i.title == "Gold prizes")
    assert [a.name for a in gold.awards.all()] == ["Tech-InnovaCity Gold",
                                                   "Human-CentriCity Gold"]
    assert AuditEvent.objects.filter(edition=edition, action="programme.create").count() == 10


def test_the_public_page_names_no_winner(demo):
    edition, _printed = demo
    response = Client().get(reverse("ceremony:ceremony", args=[edition.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Monday 25 September 2023, 15:00" in html
    assert "Tech-InnovaCity Gold, Human-CentriCity Gold" in html
    assert "Stage crew set the award table" not in html  # an MC note
    for decision in Decision.objects.filter(award__edition=edition).select_related(
            "entry__entrant"):
        assert decision.entry.title not in html
        assert decision.entry.reference not in html
        if decision.entry.entrant.name != "Seoul Metropolitan Government":  # the host city
            assert decision.entry.entrant.name not in html


def test_loading_again_changes_nothing_and_reset_removes_the_evening(demo):
    edition, _printed = demo
    before = ProgrammeItem.objects.filter(edition=edition).count()
    out = StringIO()
    call_command("demo", stdout=out)
    assert "The ceremony (already there)" in out.getvalue()
    assert ProgrammeItem.objects.filter(edition=edition).count() == before
    from ceremony import demo_evening

    demo_evening.reset(edition)
    assert not ProgrammeItem.objects.filter(edition=edition).exists()
    assert not Presenter.objects.filter(edition=edition).exists()
    assert not Ceremony.objects.filter(edition=edition).exists()
