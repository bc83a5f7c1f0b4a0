"""Bad input to the ceremony's staff pages answers with a form error (400) and changes nothing,
never a server error: NUL bytes, huge numbers, text where an id goes, dates in a wrong format,
and ids of another edition's entries, awards and decisions. Run on PostgreSQL as well
(``DATABASE_URL=postgres://...``): it is stricter about NUL bytes and integer ranges.

NUL bytes are refused by the forms, or removed from every post before a view runs (the
platform's input cleaning): either way the answer is never a server error and nothing stored
holds one."""

import pytest

from ceremony import services
from ceremony.models import Award, Decision, Publication
from entries.enums import EntryStatus
from prize.models import AuditEvent
from tests.ceremony.staff_support import ceremony_fixture, client_of, url  # noqa: F401
from tests.factories import EditionFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
BIG = "9223372036854775808"  # one past the largest 64-bit integer
NO_ENTRY = "Type the reference of an entry of this edition (none has"
GONE = "Choose again from the page as it is now: that decision no longer exists"


@pytest.fixture
def elsewhere(ceremony):
    """Another edition with an entry, an award and a decision."""
    other = EditionFactory(slug="elsewhere", is_current=False)
    entry = EntryFactory(edition=other, status=EntryStatus.ELIGIBLE, submitted=True,
                         reference="ELSE-001")
    award = Award.objects.create(edition=other, name="Other mention", kind="special_mention",
                                 pool="eligible")
    decision = Decision.objects.create(award=award, entry=entry, proposed_by=UserFactory())
    ceremony.elsewhere = {"entry": entry, "award": award, "decision": decision}
    return ceremony


def proposal(final):
    return services.decision_propose(award=final.silver,
                                     entry=final.finalists[final.categories[0].pk][1],
                                     by=final.users["secretariat2"])


def confirmed(final):
    decision = services.decision_propose(award=final.gold,
                                         entry=final.finalists[final.categories[0].pk][0],
                                         by=final.users["secretariat2"])
    return services.decision_confirm(decision=decision, by=final.users["coordinator"])


# (what is posted, a message the page shows); {gold}, {mine}, {locked}, {entry}, {their_*}
# are filled in from the fixtures.
DECISIONS = [
    ({"action": "propose", "award": HUGE, "entry": "{entry}"}, "Choose one of this edition"),
    ({"action": "propose", "award": BIG, "entry": "{entry}"}, "Choose one of this edition"),
    ({"action": "propose", "award": "{their_award}", "entry": "{entry}"},
     "Choose one of this edition"),
    ({"action": "propose", "award": "{gold}", "entry": "#{their_entry}"},
     NO_ENTRY),
    ({"action": "propose", "award": "{gold}", "entry": "ELSE-001"},
     NO_ENTRY),
    ({"action": "propose", "award": "{gold}", "entry": "#" + HUGE[:12]},
     NO_ENTRY),
    ({"action": "propose", "award": "{gold}", "entry": HUGE}, NO_ENTRY),
    ({"action": "propose", "award": "{gold}", "entry": "{entry}", "citation": "x" * 2001},
     "at most 2000 characters"),
    ({"action": "propose", "award": "{gold}", "entry": ""}, "This field is required."),
    ({"action": "accept", "award": HUGE}, "Choose one of this edition"),
    ({"action": "accept", "award": "{mention}"}, "Choose one of this edition"),
    ({"action": "accept", "award": "gold"}, "Choose one of this edition"),
    ({"action": "confirm", "decision": HUGE}, GONE),
    ({"action": "confirm", "decision": BIG}, GONE),
    ({"action": "confirm", "decision": "-1"}, GONE),
    ({"action": "confirm", "decision": "{their_decision}"}, GONE),
    ({"action": "confirm"}, "Choose a decision."),
    ({"action": "confirm_award", "award": "{their_award}"}, "Choose one of this edition"),
    ({"action": "move", "decision": "{mine}", "award": "{their_award}"},
     "Choose one of this edition"),
    ({"action": "move", "decision": "{mine}", "award": HUGE}, "Choose one of this edition"),
    ({"action": "remove", "decision": "{their_decision}", "reason": "x"},
     GONE),
    ({"action": "remove", "decision": "{mine}", "reason": "x" * 2001},
     "at most 2000 characters"),
    ({"action": "reopen", "decision": "{locked}", "reason": ""},
     "Say why this confirmed decision is reopened."),
]


@pytest.mark.parametrize(("data", "message"), DECISIONS)
def test_decisions_page(elsewhere, data, message):
    final = elsewhere
    values = {
        "gold": final.gold.pk, "mention": final.mention.pk,
        "entry": final.finalists[final.categories[0].pk][0].reference,
        "mine": proposal(final).pk, "locked": confirmed(final).pk,
        "their_award": final.elsewhere["award"].pk,
        "their_entry": final.elsewhere["entry"].pk,
        "their_decision": final.elsewhere["decision"].pk,
    }
    posted = {k: v.format(**values) if "{" in v else v for k, v in data.items()}
    before = sorted(Decision.objects.values_list("pk", "award_id", "status", "citation"))
    events = AuditEvent.objects.count()

    response = client_of(final, "secretariat").post(url(final, "staff_decisions"), posted)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert sorted(Decision.objects.values_list("pk", "award_id", "status", "citation")) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("data", [
    {"name": "N", "kind": "category", "category": HUGE, "order": "1", "winners": "1",
     "pool": "finalists"},
    {"name": "N", "kind": "special_mention", "partners": [HUGE, "x"], "order": "1",
     "winners": "1", "pool": "eligible"},
    {"name": "N", "kind": "special_mention", "order": BIG, "winners": HUGE, "pool": "x\x00"},
    {"name": "x" * 201, "kind": "special_mention", "order": "1", "winners": "1",
     "pool": "eligible"},
])
def test_awards_page(elsewhere, data):
    response = client_of(elsewhere, "secretariat").post(url(elsewhere, "staff_awards"), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Award.objects.filter(edition=elsewhere.edition).count() == 4


@pytest.mark.parametrize("pk", [HUGE, BIG])
def test_a_huge_award_id_in_the_address_is_404(elsewhere, pk):
    from django.urls import reverse

    with pytest.raises(Exception):  # the URL pattern refuses it before the database sees it
        reverse("ceremony:staff_award", args=[elsewhere.edition.slug, "x"])
    response = client_of(elsewhere, "secretariat").get(
        f"/ceremony/staff/{elsewhere.edition.slug}/awards/{pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("data", [
    {"action": "schedule", "at": "25.09.2030 19:00"},
    {"action": "schedule", "at": HUGE},
    {"action": "schedule", "at": "2030-13-01T19:00"},
    {"action": "options", "signatories_text": "x" * 3000},
])
def test_publication_page(elsewhere, data):
    response = client_of(elsewhere, "secretariat").post(url(elsewhere, "staff_publication"),
                                                        data)
    assert response.status_code == 400
    assert not Publication.objects.filter(edition=elsewhere.edition).exclude(
        signatories=[]).exists()
    assert not Publication.objects.filter(scheduled_at__isnull=False).exists()


def values_stored():
    """Every text the ceremony stores from a staff form."""
    out = []
    for row in Decision.objects.values_list("reason", "citation"):
        out += row
    out += list(Award.objects.values_list("name", flat=True))
    out += [str(p) for p in Publication.objects.values_list("signatories", flat=True)]
    out += list(AuditEvent.objects.values_list("note", flat=True))
    return out


@pytest.mark.parametrize(("name", "data"), [
    ("staff_decisions", {"action": "propose", "award": "{gold}", "entry": "{entry}\x00",
                         "reason": "why\x00", "citation": "Bold\x00"}),
    ("staff_decisions", {"action": "propose", "award": "1\x00", "entry": "{entry}"}),
    ("staff_decisions", {"action": "confirm", "decision": "{mine}\x00"}),
    ("staff_decisions", {"action": "edit", "decision": "{mine}", "citation": "a\x00b"}),
    ("staff_decisions", {"action": "reopen", "decision": "{locked}", "reason": "\x00"}),
    ("staff_decisions", {"action": "remove", "decision": "{mine}", "reason": "gone\x00"}),
    ("staff_decisions", {"action": "\x00"}),
    ("staff_awards", {"name": "Gold\x00en", "kind": "category", "category": "{category}\x00",
                      "order": "1", "winners": "1", "pool": "finalists"}),
    ("staff_publication", {"action": "unpublish", "reason": "\x00"}),
    ("staff_publication", {"action": "options", "signatories_text": "Name\x00 | Title"}),
    ("staff_publication", {"action": "schedule", "at": "2030-09-25T19:00\x00"}),
    ("staff_emails", {"kinds": ["winner\x00"], "when": "now\x00"}),
])
def test_nul_bytes(elsewhere, name, data):
    final = elsewhere
    values = {
        "gold": final.gold.pk, "entry": final.finalists[final.categories[0].pk][0].reference,
        "mine": proposal(final).pk, "locked": confirmed(final).pk,
        "category": final.categories[0].pk,
    }

    def fill(value):
        return value.format(**values) if "{" in value else value

    posted = {k: [fill(v) for v in value] if isinstance(value, list) else fill(value)
              for k, value in data.items()}

    response = client_of(final, "secretariat").post(url(final, name), posted)

    assert response.status_code in (302, 400)
    assert not any("\x00" in value for value in values_stored())
