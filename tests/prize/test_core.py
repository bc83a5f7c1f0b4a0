"""Editions, categories, roles and the audit log: the rules the database and services keep."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from prize import services
from prize.enums import EditionStatus, EntrantKind, Role
from prize.models import AuditEvent, Category, Edition, RoleAssignment, User
from tests.factories import CategoryFactory, EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_one_edition_can_be_current(edition):
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionFactory(is_current=True)


def test_making_an_edition_current_releases_the_previous_one(edition):
    nxt = EditionFactory(is_current=False)

    services.edition_make_current(edition=nxt, by=None)

    assert Edition.objects.current() == nxt
    edition.refresh_from_db()
    assert edition.is_current is False


def test_the_call_must_close_after_it_opens(edition):
    edition.call_closes_at = edition.call_opens_at - timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "call_closes_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        edition.save()


def test_the_call_is_open_between_its_dates_judged_on_the_server(edition):
    assert edition.is_call_open(edition.call_opens_at) is True
    assert edition.is_call_open(edition.call_closes_at - timedelta(seconds=1)) is True
    assert edition.is_call_open(edition.call_closes_at) is False
    assert edition.is_call_open(edition.call_opens_at - timedelta(seconds=1)) is False


def test_a_category_says_who_may_enter(edition):
    leadership = CategoryFactory(edition=edition, allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])

    assert leadership.allows(EntrantKind.INDIVIDUAL)
    assert not leadership.allows(EntrantKind.CITY_GOVERNMENT)
    assert leadership.get_allowed_entrant_kinds_display() == ["Individual"]


@pytest.mark.parametrize(
    ("kinds", "finalists", "winners", "field"),
    [
        ([], 10, 5, "allowed_entrant_kinds"),
        (["mayor"], 10, 5, "allowed_entrant_kinds"),
        (["individual"], 2, 3, "winner_quota"),
    ],
)
def test_a_category_refuses_bad_configuration(edition, kinds, finalists, winners, field):
    category = Category(edition=edition, name="X", slug="x", code="X",
                        allowed_entrant_kinds=kinds, finalist_quota=finalists,
                        winner_quota=winners)

    with pytest.raises(ValidationError) as error:
        category.full_clean()
    assert field in error.value.message_dict


def test_roles_are_per_edition_and_granted_once(edition):
    other = EditionFactory(is_current=False)
    user = UserFactory()
    actor = UserFactory()

    services.role_grant(user=user, edition=edition, role=Role.JUDGE, by=actor)
    services.role_grant(user=user, edition=edition, role=Role.JUDGE, by=actor)

    assert RoleAssignment.objects.filter(user=user).count() == 1
    fresh = User.objects.get(pk=user.pk)
    assert fresh.has_role(edition, Role.JUDGE)
    assert not fresh.has_role(other, Role.JUDGE)
    assert AuditEvent.objects.filter(action="role.grant").count() == 1
    assert services.role_revoke(user=user, edition=edition, role=Role.JUDGE, by=actor) is True
    assert not User.objects.get(pk=user.pk).has_role(edition, Role.JUDGE)


def test_edition_status_follows_its_table_and_is_audited(edition):
    actor = UserFactory()

    services.edition_set_status(edition=edition, status=EditionStatus.JUDGING, by=actor)

    edition.refresh_from_db()
    assert edition.status == EditionStatus.JUDGING
    event = AuditEvent.objects.get(action="edition.status")
    assert (event.actor, event.before, event.after) == (
        actor, {"status": "call_open"}, {"status": "judging"}
    )
    with pytest.raises(ValidationError):
        services.edition_set_status(edition=edition, status=EditionStatus.DRAFT, by=actor)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.JUDGING


def test_the_audit_log_is_append_only(edition):
    event = services.audit(None, "test.action", edition, before={"a": 1}, after={"a": 2})

    assert event.actor_repr == "system"
    assert event.edition == edition
    assert event.changes == [("a", 1, 2)]
    event.note = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_demo_loads_the_2023_season_and_is_idempotent(capsys):
    call_command("demo")
    call_command("demo")

    # 2023, and the next edition made from it (ceremony/demo_next.py), which the home page shows.
    assert Edition.objects.count() == 2
    edition = Edition.objects.get(slug="seoul-smart-city-prize-2023")
    assert edition.name == "Seoul Smart City Prize 2023"
    assert not edition.is_current
    assert Edition.objects.current().name.startswith("Seoul Smart City Prize 20")
    assert Edition.objects.current().year > 2023
    assert edition.time_zone == "Asia/Seoul"
    assert edition.local(edition.ceremony_at).date().isoformat() == "2023-09-25"
    assert edition.ceremony_venue.startswith("Dongdaemun Design Plaza")
    categories = {c.name: c for c in edition.categories.all()}
    assert list(categories) == ["Tech-InnovaCity", "Human-CentriCity", "Leadership"]
    assert categories["Leadership"].allowed_entrant_kinds == ["individual"]
    assert "individual" not in categories["Human-CentriCity"].allowed_entrant_kinds
    assert sum(c.finalist_quota for c in categories.values()) == 40
    assert sum(c.winner_quota for c in categories.values()) == 21
    accounts = ["secretariat@example.org", "coordinator@example.org", "judge@example.org",
                "entrant@example.org"]
    roles = set(
        RoleAssignment.objects.filter(user__email__in=accounts).values_list("user__email", "role")
    )
    assert roles == {
        ("secretariat@example.org", "secretariat"),
        ("coordinator@example.org", "coordinator"),
        ("judge@example.org", "judge"),
        ("entrant@example.org", "entrant"),
    }
    assert User.objects.get(email="admin@example.org").is_superuser
    printed = capsys.readouterr().out
    assert "demo-prize-2023" in printed
    assert "secretariat@example.org" in printed


def test_demo_reset_starts_over():
    call_command("demo", quiet=True)
    Category.objects.filter(slug="leadership", edition__year=2023).update(name="Renamed")

    call_command("demo", reset=True, quiet=True)

    assert Category.objects.get(slug="leadership", edition__year=2023).name == "Leadership"
    assert Edition.objects.count() == 2
