"""Publication "as revealed": in the live run, an award whose last winner was shown is public
on the winners pages (that award and only that one) before the edition's publication; the
rest of the results stay under embargo until then: the other awards, the finalists page, the
entrants' dashboards, the result e-mails and the certificates. A rehearsal leaves no trace."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony import reveal, selectors, services
from ceremony.models import Award, Ceremony, Certificate
from prize.models import Notification
from tests.ceremony.reveal_support import SHAPE, keys, show_fixture, token  # noqa: F401
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND

pytestmark = pytest.mark.django_db

SILVER_DONE = 4  # the cue of Silver's second (last) winner


def run(show, upto, *, live=True):
    by = show.users["secretariat"]
    if live:
        services.reveal_go_live(edition=show.edition, by=by, expected=token(show),
                                confirmed=True)
    services.reveal_jump(edition=show.edition, by=by, expected=token(show), key=keys(show)[0])
    for _ in range(upto):
        services.reveal_next(edition=show.edition, by=by, expected=token(show))


def winner_names(show, award):
    return [d.entry.entrant.name for d in award.decisions.select_related("entry__entrant")]


def entries_of(show, award):
    return [d.entry for d in award.decisions.select_related("entry__entrant")]


def member_client(entry):
    client = CommittingClient()
    client.force_login(entry.entrant.members.first().user, backend=BACKEND)
    return client


def test_a_revealed_award_is_public_on_the_winners_pages_and_only_it(show):
    run(show, SILVER_DONE)
    slug = show.edition.slug
    page = CommittingClient().get(reverse("ceremony:winners", args=[slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "public" not in page["Cache-Control"]
    assert "Announced live at the award ceremony." in html
    assert "Preview" not in html
    for name in winner_names(show, show.silver):
        assert name in html
    for award in (show.gold, show.prize, show.mention):
        for name in winner_names(show, award):
            assert name not in html
    assert show.gold.name not in html.split("<main")[1]
    silver_entry = entries_of(show, show.silver)[0]
    client = CommittingClient()
    assert client.get(reverse("ceremony:winner", args=[slug, silver_entry.reference])
                      ).status_code == 200
    assert client.get(reverse("ceremony:winner", args=[slug, show.gold_entry.reference])
                      ).status_code == 404
    assert client.get(reverse("ceremony:winner_image", args=[slug, show.gold_entry.reference])
                      ).status_code == 404
    assert client.get(reverse("ceremony:finalists", args=[slug])).status_code == 404
    assert [e.pk for e in selectors.public_editions(None)] == []  # not in the archive yet


def test_the_next_award_appears_when_its_winner_is_shown(show):
    run(show, 6)
    html = CommittingClient().get(reverse("ceremony:winners", args=[show.edition.slug])
                                  ).content.decode()
    assert show.gold_entry.entrant.name in html
    assert set(selectors.revealed_awards(show.edition)) == {show.silver, show.gold}


def test_a_rehearsal_of_the_whole_show_leaves_no_trace_in_public(show):
    run(show, 10, live=False)
    services.reveal_jump(edition=show.edition, by=show.users["secretariat"],
                         expected=token(show), key=keys(show)[len(SHAPE) - 1])
    assert not Award.objects.filter(revealed_at__isnull=False).exists()
    client = CommittingClient()
    slug = show.edition.slug
    for name in ("ceremony:winners", "ceremony:finalists"):
        assert client.get(reverse(name, args=[slug])).status_code == 404
    assert client.get(reverse("ceremony:winner", args=[slug, show.gold_entry.reference])
                      ).status_code == 404


def test_turning_publication_as_revealed_off_takes_the_awards_back(show):
    run(show, SILVER_DONE)
    Ceremony.objects.filter(edition=show.edition).update(publish_as_revealed=False)
    assert CommittingClient().get(reverse("ceremony:winners", args=[show.edition.slug])
                                  ).status_code == 404


def test_the_dashboard_e_mails_and_certificates_wait_for_the_publication(show):
    run(show, 6)  # Silver and Gold revealed live
    gold = show.gold_entry
    # The winner's dashboard says nothing of the result.
    page = member_client(gold).get(reverse("entries:dashboard")).content.decode()
    assert gold.title in page
    for word in ("Results", "Your entry won", "Gold", "Valued."):
        assert word not in page, word
    # No certificate for the winner, and none to check.
    response = member_client(gold).get(reverse("ceremony:certificate_entry", args=[gold.pk]))
    assert response.status_code == 404
    assert not Certificate.objects.exists()
    # Result e-mails asked for now are not written while the edition is unpublished.
    show.jury.delete()  # (an award without winners would hold the publication)
    services.publication_schedule(edition=show.edition, by=show.users["secretariat"],
                                  at=timezone.now() + timezone.timedelta(hours=2))
    services.results_mailing_create(edition=show.edition, kinds=["winner", "finalist"],
                                    by=show.users["secretariat"])
    assert services.results_mail_due() == 0
    assert not Notification.objects.filter(template="ceremony/result").exists()
    assert not selectors.results_public(show.edition)


def test_after_the_publication_everything_is_public_as_usual(show):
    run(show, SILVER_DONE)
    show.jury.delete()
    services.publication_schedule(edition=show.edition, at=None, by=show.users["secretariat"])
    html = CommittingClient().get(reverse("ceremony:winners", args=[show.edition.slug])
                                  ).content.decode()
    assert show.gold_entry.entrant.name in html
    assert "Announced live" not in html


def test_the_staff_preview_still_shows_every_award(show):
    run(show, SILVER_DONE)
    client = CommittingClient()
    client.force_login(show.users["coordinator"], backend=BACKEND)
    html = client.get(reverse("ceremony:winners", args=[show.edition.slug])).content.decode()
    assert "Preview: these results are not published." in html
    assert show.gold_entry.entrant.name in html
    assert reveal.stage_of(show.edition).mode == "live"
