"""At once, on PostgreSQL: two secretaries sending the invitations invite each entry once; the
same reminder click arriving twice reminds once; a reply submitted twice at the same moment is
saved and audited once."""

import pytest

from ceremony import services
from ceremony.models import Invitation
from prize.models import AuditEvent, Notification
from tests.ceremony import invitation_support as support
from tests.ceremony.invitation_support import GOOD_REPLY
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)

# The fixtures, by name.
ceremony_fixture, invited = support.ceremony_fixture, support.invited


def test_two_sends_at_once_invite_each_entry_once(invited):
    def send():
        return len(services.invitations_send(edition=invited.edition,
                                             by=invited.users["secretariat"]))

    results = at_once(send, send)

    assert sorted(results) == [0, 7], results
    assert Invitation.objects.count() == 7
    assert Notification.objects.filter(template="ceremony/invitation").count() == 7


def test_one_click_arriving_twice_reminds_once(invited):
    services.invitations_send(edition=invited.edition, by=invited.users["secretariat"])

    def remind():
        return services.invitation_remind(edition=invited.edition,
                                          by=invited.users["secretariat"], click="same-click")

    results = at_once(remind, remind)

    assert sorted(results) == [0, 7], results
    assert set(Invitation.objects.values_list("reminders", flat=True)) == {1}
    assert Notification.objects.filter(template="ceremony/invitation_reminder").count() == 7


def test_a_reply_sent_twice_at_once_is_saved_once(invited):
    services.invitations_send(edition=invited.edition, by=invited.users["secretariat"])
    invitation = Invitation.objects.order_by("pk").first()

    def reply():
        return services.reply_save(invitation=invitation, data=GOOD_REPLY, by=None)[1]

    results = at_once(reply, reply)

    assert sorted(results) == [False, True], results
    assert AuditEvent.objects.filter(action="invitation.reply").count() == 1
    assert Invitation.objects.get(pk=invitation.pk).guests == GOOD_REPLY["guests"]
