"""The demo's invitations: every finalist invited, most replied (some not attending), a few
not; loading again changes nothing; no e-mail is written."""

import pytest

from ceremony import demo_invitations, guestlist
from ceremony.models import Invitation
from prize.models import Notification
from tests.ceremony.builders import final_round

pytestmark = pytest.mark.django_db


def test_the_finalists_are_invited_and_most_replied():
    final = final_round(per_category=(12, 10))
    by = final.users["secretariat"]

    lines = demo_invitations.load(final.edition, by)

    totals = guestlist.totals(list(guestlist.invitations_of(final.edition)))
    assert totals.invited == 22
    assert totals.waiting == demo_invitations.NOT_REPLIED
    assert totals.declined == 2 and totals.attending == 16
    assert totals.people == totals.attending + totals.guests
    assert "22 finalists invited" in lines[0]
    assert Invitation.objects.filter(reminders=1).count() == 1
    replied = Invitation.objects.filter(replied_at__isnull=False)
    assert all(i.replied_at < final.edition.ceremony_at for i in replied)
    assert not Notification.objects.exists()

    assert demo_invitations.load(final.edition, by) == [
        lines[0].replace("(created)", "(already there)")]
    assert Invitation.objects.count() == 22

    demo_invitations.reset(final.edition)
    assert not Invitation.objects.exists()
