"""Result e-mails through the real worker, Redis and an SMTP server: after publication every
entrant person gets exactly one result e-mail, in batches over shared connections; the beat
task run again, a second mailing for the same results and a batch delivered twice send
nothing more."""

import time

import pytest
from django.db import transaction

from ceremony import services
from ceremony.tasks import publish_due_results
from prize import outbox
from prize.models import Notification
from tests.ceremony.builders import final_round
from tests.ceremony.test_services import decide_all

from .test_outbox import GRACE, publish

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_every_entrant_gets_one_result_email_and_no_more(integration_worker, monkeypatch):
    from ceremony.enums import AwardKind, AwardPool
    from ceremony.models import Award

    smtp = integration_worker.smtp.handler
    monkeypatch.setattr(outbox, "BATCH_SIZE", 4)  # several batches from few rows
    final = final_round(per_category=(4, 3))
    first, second = final.categories
    final.gold = Award.objects.create(edition=final.edition, name="Gold", tier="Gold",
                                      category=first, order=1, winners=1)
    final.silver = Award.objects.create(edition=final.edition, name="Silver", tier="Silver",
                                        category=first, order=2, winners=2)
    final.prize = Award.objects.create(edition=final.edition, name="Leadership",
                                       category=second, kind=AwardKind.INDIVIDUAL, winners=1)
    final.mention = Award.objects.create(edition=final.edition, name="Special Mention",
                                         kind=AwardKind.SPECIAL_MENTION,
                                         pool=AwardPool.ELIGIBLE, winners=1)
    decide_all(final)
    by = final.users["secretariat"]
    with transaction.atomic():
        services.publication_schedule(edition=final.edition, at=None, by=by)
    with transaction.atomic():
        services.results_mailing_create(edition=final.edition, by=by,
                                        kinds=["winner", "finalist", "not_selected"])
    people = [f"finalist{n}@example.org" for n in (1, 2, 3, 4, 6, 7, 8)] + [
        "other5@example.org", "other9@example.org"]

    integration_worker.barrier()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(smtp.messages_to(p) for p in people):
        time.sleep(0.1)

    assert all(len(smtp.messages_to(p)) == 1 for p in people), smtp.summary()
    winner = smtp.messages_to("finalist1@example.org")[0].message
    assert "wins at" in winner["Subject"]
    assert "Valued." in winner.get_body(("plain",)).get_content()

    # Everything again: the beat task, a second mailing, the same batch once more.
    assert integration_worker.result(publish(publish_due_results)) == 0
    with transaction.atomic():
        services.results_mailing_create(edition=final.edition, by=by, kinds=["winner"])
    pks = list(Notification.objects.filter(template="ceremony/result").values_list("pk",
                                                                                   flat=True))
    outbox.enqueue_batches(pks)
    integration_worker.barrier()
    time.sleep(GRACE)

    assert all(len(smtp.messages_to(p)) == 1 for p in people), smtp.summary()
    assert Notification.objects.filter(template="ceremony/result").count() == len(people)
    assert set(Notification.objects.filter(template="ceremony/result")
               .values_list("status", flat=True)) == {"sent"}
