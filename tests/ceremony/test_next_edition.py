"""Starting a new edition from this one (the service): every configuration field copied, nothing
of the season's people, entries, scores or decisions, dates a year on (or as typed), the copier
as the new edition's secretariat, one audited transaction; and the lists of what is copied and
what is not kept in step with the models."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ceremony import services
from ceremony.models import (
    Award,
    Ceremony,
    Decision,
    Invitation,
    Presenter,
    ProgrammeItem,
    Publication,
    RevealState,
    ScreenLink,
)
from ceremony.services.next_edition import COPY_PLANS, NOT_COPIED, move_years
from entries.models import Entry, EntryForm, EntryFormUse, ScreeningReason
from judging.models import Criterion, PanelMembership, Round, RoundQuota
from prize.enums import EditionStatus, Role
from prize.models import AuditEvent, Category, Edition, Milestone, Organisation, RoleAssignment
from tests.ceremony.next_edition_support import SEOUL, configured_source, seoul
from tests.concurrency import at_once, need_postgresql
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return configured_source()


def copy(source, **kwargs):
    arguments = {"by": source.users["secretariat"], "name": "City Prize 2024",
                 "slug": "city-prize-2024", "year": 2024, **kwargs}
    return services.edition_copy(source.edition, **arguments)


def rows(queryset, *fields):
    return sorted(tuple(str(v) for v in row) for row in queryset.values_list(*fields))


# --- The lists of fields ----------------------------------------------------------------------


def model_fields(model) -> set[str]:
    """Every field a row of ``model`` holds (its own columns and many-to-many), not the id."""
    return {f.name for f in model._meta.get_fields() if not f.auto_created}


@pytest.mark.parametrize("model", list(COPY_PLANS), ids=lambda m: m.__name__)
def test_every_field_of_a_copied_model_is_copied_or_skipped_on_purpose(model):
    """Fails when a field is added to a copied model and the copy does not say what to do
    with it (copy it, map it, move it as a date, or skip it with a reason)."""
    plan = COPY_PLANS[model]
    handled = [*plan.copied, *plan.mapped, *plan.dates, *plan.given, *plan.skipped]

    assert len(handled) == len(set(handled)), "a field is listed twice"
    assert set(handled) == model_fields(model)
    assert all(reason for reason in plan.skipped.values())


def test_every_model_of_the_apps_is_copied_or_left_out_on_purpose():
    """Fails when a model is added to prize, entries, judging or ceremony and the copy does not
    say whether it is configuration (copied) or the season's (left out, with why)."""
    models = {m for label in ("prize", "entries", "judging", "ceremony")
              for m in apps.get_app_config(label).get_models()}

    assert not set(COPY_PLANS) & set(NOT_COPIED)
    assert models == set(COPY_PLANS) | set(NOT_COPIED)
    assert all(NOT_COPIED.values())


# --- What is copied ---------------------------------------------------------------------------


def test_the_editions_own_settings_are_copied_with_the_new_name_and_dates(source):
    new = copy(source, short_name="CP24")

    old = source.edition
    assert (new.name, new.short_name, new.slug, new.year) == (
        "City Prize 2024", "CP24", "city-prize-2024", 2024)
    for name in ("tagline", "about", "how_to_enter", "time_zone", "ceremony_venue",
                 "contact_email"):
        assert getattr(new, name) == getattr(old, name), name
    assert new.call_opens_at == seoul(2024, 3, 1, 9)
    assert new.call_closes_at == seoul(2024, 6, 30, 18)
    assert new.ceremony_at == seoul(2024, 9, 25, 15)
    assert new.status == EditionStatus.DRAFT
    assert not new.is_current
    assert Edition.objects.get(pk=old.pk).is_current


def test_categories_forms_and_screening_reasons_are_copied(source):
    new = copy(source)

    fields = ("name", "slug", "code", "description", "allowed_entrant_kinds", "finalist_quota",
              "winner_quota", "order")
    assert rows(Category.objects.filter(edition=new), *fields) == rows(
        Category.objects.filter(edition=source.edition), *fields)
    assert rows(EntryForm.objects.filter(edition=new), "name", "slug", "schema") == rows(
        EntryForm.objects.filter(edition=source.edition), "name", "slug", "schema")
    use_fields = ("category__code", "entrant_kind", "form__slug")
    assert rows(EntryFormUse.objects.filter(category__edition=new), *use_fields) == rows(
        EntryFormUse.objects.filter(category__edition=source.edition), *use_fields)
    # Each use points at the new edition's own form, not last year's.
    assert set(EntryFormUse.objects.filter(category__edition=new)
               .values_list("form__edition", flat=True)) == {new.pk}
    assert rows(ScreeningReason.objects.filter(edition=new), "decision", "text", "order") == rows(
        ScreeningReason.objects.filter(edition=source.edition), "decision", "text", "order")


def test_a_copied_form_is_its_own(source):
    new = copy(source)
    form = EntryForm.objects.get(edition=new, slug="ti-city")

    form.schema["steps"][0]["title"] = "Changed next year"
    form.save()

    old = EntryForm.objects.get(edition=source.edition, slug="ti-city")
    assert old.schema["steps"][0]["title"] == "The project"


def test_rounds_criteria_weights_scales_and_quotas_are_copied_as_drafts(source):
    new = copy(source)

    round_fields = ("number", "name", "judges_per_entry", "blind", "rank_by", "tie_break",
                    "disagreement_threshold", "conflict_same_organisation",
                    "conflict_same_city", "conflict_same_country", "reminder_hours")
    assert rows(Round.objects.filter(edition=new), *round_fields) == rows(
        Round.objects.filter(edition=source.edition), *round_fields)
    assert set(Round.objects.filter(edition=new).values_list("status", flat=True)) == {"draft"}
    criterion_fields = ("round__number", "category__code", "name", "guidance", "weight",
                        "scale_min", "scale_max", "required", "order")
    assert rows(Criterion.objects.filter(round__edition=new), *criterion_fields) == rows(
        Criterion.objects.filter(round__edition=source.edition), *criterion_fields)
    assert Criterion.objects.get(round__edition=new, round__number=1, category__code="TI",
                                 name="Impact").weight == Decimal("2")
    assert set(Criterion.objects.filter(round__edition=new)
               .values_list("category__edition", flat=True)) == {new.pk}
    quota_fields = ("round__number", "category__code", "advance")
    assert rows(RoundQuota.objects.filter(round__edition=new), *quota_fields) == [
        ("1", "LD", "2"), ("1", "TI", "3"), ("2", "LD", "1"), ("2", "TI", "2")]
    first = Round.objects.get(edition=new, number=1)
    assert (first.opens_at, first.closes_at) == (seoul(2024, 7, 1, 9), seoul(2024, 7, 7, 18))


def test_awards_are_copied_with_their_partners_mapped_to_the_copied_organisations(source):
    new = copy(source)

    award_fields = ("name", "kind", "category__code", "tier", "order", "winners",
                    "description", "pool")
    assert rows(Award.objects.filter(edition=new), *award_fields) == rows(
        Award.objects.filter(edition=source.edition), *award_fields)
    mention = Award.objects.get(edition=new, name="Special Mention")
    partners = list(mention.partners.all())
    assert sorted(p.name for p in partners) == ["Global Green Growth Institute (GGGI)",
                                                "IMD Smart City Observatory"]
    assert {p.edition_id for p in partners} == {new.pk}
    assert Award.objects.get(edition=new, name="TI Gold").category.edition == new
    assert Award.objects.get(edition=new, name="Special Mention").revealed_at is None
    org_fields = ("name", "role", "description", "url", "order")
    assert rows(Organisation.objects.filter(edition=new), *org_fields) == rows(
        Organisation.objects.filter(edition=source.edition), *org_fields)


def test_the_timeline_the_ceremony_and_the_programme_outline_are_copied(source):
    new = copy(source)

    assert rows(Milestone.objects.filter(edition=new), "title", "description") == rows(
        Milestone.objects.filter(edition=source.edition), "title", "description")
    screening = Milestone.objects.get(edition=new, title="Screening")
    assert (screening.starts_at, screening.ends_at) == (seoul(2024, 7, 1, 9),
                                                        seoul(2024, 7, 7, 18))
    assert Milestone.objects.get(edition=new, title="Call opens").ends_at is None
    ceremony = Ceremony.objects.get(edition=new)
    assert (ceremony.address, ceremony.map_url, ceremony.description, ceremony.invite,
            ceremony.max_guests, ceremony.publish_as_revealed) == (
        "281 Eulji-ro, Seoul", "https://maps.example.org/ddp", "The evening.", "winners", 3,
        True)
    assert ceremony.reply_by == seoul(2024, 9, 15, 18)
    items = list(ProgrammeItem.objects.filter(edition=new).order_by("starts_at"))
    assert [(i.title, i.kind, i.duration, i.description, i.notes, i.order) for i in items] == [
        ("Welcome", "welcome", 10, "Doors open.", "Lights down.", 0),
        ("Tech-InnovaCity prizes", "award", 20, "", "", 1)]
    assert [i.starts_at for i in items] == [seoul(2024, 9, 25, 15), seoul(2024, 9, 25, 15, 30)]
    assert sorted(a.name for a in items[1].awards.all()) == ["TI Gold", "TI Silver"]
    assert {a.edition_id for a in items[1].awards.all()} == {new.pk}


def test_presenters_are_not_copied(source):
    new = copy(source)

    assert not Presenter.objects.filter(edition=new).exists()
    assert not ProgrammeItem.presenters.through.objects.filter(programmeitem__edition=new).exists()
    assert Presenter.objects.filter(edition=source.edition).count() == 1


def test_the_programme_keeps_its_place_relative_to_the_ceremony(source):
    new = copy(source, dates={"ceremony_at": seoul(2024, 10, 7, 18),
                              "reply_by": seoul(2024, 9, 30, 18)})

    starts = sorted(ProgrammeItem.objects.filter(edition=new).values_list("starts_at", flat=True))
    assert starts == [seoul(2024, 10, 7, 18), seoul(2024, 10, 7, 18, 30)]


# --- What is not copied -----------------------------------------------------------------------


def test_nothing_of_the_seasons_people_entries_scores_or_decisions_is_copied(source):
    new = copy(source)

    assert not Entry.objects.filter(edition=new).exists()
    assert not PanelMembership.objects.filter(round__edition=new).exists()
    assert not Decision.objects.filter(award__edition=new).exists()
    assert not Publication.objects.filter(edition=new).exists()
    assert not Invitation.objects.filter(edition=new).exists()
    assert not RevealState.objects.filter(edition=new).exists()
    assert not ScreenLink.objects.filter(edition=new).exists()
    assert list(RoleAssignment.objects.filter(edition=new).values_list("user__email", "role")) == [
        ("secretariat@example.org", Role.SECRETARIAT)]
    # The season is untouched.
    assert Entry.objects.filter(edition=source.edition).count() == 1
    assert Decision.objects.filter(award__edition=source.edition).count() == 1
    assert RoleAssignment.objects.filter(edition=source.edition).count() == 4


def test_the_person_who_copies_becomes_secretariat_and_it_is_audited(source):
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)

    new = copy(source, by=root)

    assert root.has_role(new, Role.SECRETARIAT)
    event = AuditEvent.objects.get(action="edition.copy")
    assert (event.actor, event.edition, event.target_id) == (root, new, str(new.pk))
    assert event.after == {"from": "city-prize-2023", "categories": 2, "forms": 3, "rounds": 2,
                           "awards": 4, "organisations": 3, "milestones": 3, "ceremony": True,
                           "programme": 2, "status": "draft"}
    assert AuditEvent.objects.filter(action="role.grant", edition=new).count() == 1


def test_coordinators_and_other_editions_staff_cannot_copy(source):
    elsewhere = UserFactory(email="elsewhere@example.org")
    EditionFactory(slug="other", is_current=False).roles.create(user=elsewhere,
                                                                role=Role.SECRETARIAT)

    for user in (source.users["coordinator"], source.users["judge"], elsewhere):
        with pytest.raises(ValidationError):
            copy(source, by=user)

    assert Edition.objects.count() == 2


def test_the_copy_can_open_its_call_and_become_the_current_edition(source):
    new = copy(source, open_call=True, make_current=True)

    assert new.status == EditionStatus.CALL_OPEN
    assert Edition.objects.get(is_current=True) == new


def test_the_copy_is_one_transaction(source, monkeypatch):
    """A failure half-way (here: the awards) leaves nothing behind."""
    def broken(*args, **kwargs):
        raise IntegrityError("the disk is full")

    monkeypatch.setattr(Award.objects, "create", broken)

    with pytest.raises(IntegrityError):
        copy(source)

    assert not Edition.objects.filter(slug="city-prize-2024").exists()
    assert Category.objects.count() == 2
    assert Round.objects.count() == 2
    assert not AuditEvent.objects.filter(action="edition.copy").exists()


# --- Dates ------------------------------------------------------------------------------------


def test_dates_move_a_year_on_the_same_day_and_time_in_the_editions_time_zone():
    assert move_years(seoul(2023, 9, 25, 15), 1, SEOUL) == seoul(2024, 9, 25, 15)
    assert move_years(seoul(2024, 2, 29, 12), 1, SEOUL) == seoul(2025, 2, 28, 12)
    assert move_years(None, 1, SEOUL) is None
    paris = ZoneInfo("Europe/Paris")
    # 30 March 2023 was summer time in Paris, 30 March 2024 still winter time: the wall clock
    # stays at 10:00, an hour later in UTC.
    moved = move_years(datetime(2023, 3, 30, 10, tzinfo=paris), 1, paris)
    assert moved == datetime(2024, 3, 30, 10, tzinfo=paris)
    assert moved.utcoffset() == timedelta(hours=1)


def test_defaults_are_next_years_name_slug_and_dates(source):
    defaults = services.next_edition_defaults(source.edition)

    assert (defaults["name"], defaults["short_name"], defaults["slug"], defaults["year"]) == (
        "City Prize 2024", "CP24", "city-prize-2024", 2024)
    dates = defaults["dates"]
    assert dates["call_opens_at"] == seoul(2024, 3, 1, 9)
    assert dates["reply_by"] == seoul(2024, 9, 15, 18)
    first, final = source.rounds
    assert dates[f"round_{final.pk}_closes_at"] == seoul(2024, 8, 31, 18)
    screening = source.milestones[1]
    assert dates[f"milestone_{screening.pk}_ends_at"] == seoul(2024, 7, 7, 18)


def test_a_name_without_a_year_gets_one():
    source = configured_source(slug="the-prize", name="The Prize", short_name="TP",
                               season=False)

    defaults = services.next_edition_defaults(source.edition)

    assert (defaults["name"], defaults["short_name"], defaults["slug"]) == (
        "The Prize 2024", "TP24", "the-prize-2024")


def test_dates_typed_before_saving_are_kept(source):
    first, final = source.rounds
    dates = {"call_opens_at": seoul(2024, 1, 15, 9), "call_closes_at": seoul(2024, 5, 31, 18),
             f"round_{final.pk}_closes_at": seoul(2024, 9, 1, 18)}

    new = copy(source, dates=dates)

    assert (new.call_opens_at, new.call_closes_at) == (seoul(2024, 1, 15, 9),
                                                       seoul(2024, 5, 31, 18))
    assert Round.objects.get(edition=new, number=2).closes_at == seoul(2024, 9, 1, 18)
    assert Round.objects.get(edition=new, number=1).closes_at == seoul(2024, 7, 7, 18)


def test_skipping_a_year_moves_the_dates_it_was_not_given_by_two(source):
    new = copy(source, year=2025, name="City Prize 2025", slug="city-prize-2025",
               short_name="CP25")

    assert new.ceremony_at == seoul(2025, 9, 25, 15)
    assert Milestone.objects.get(edition=new, title="Ceremony").starts_at == seoul(
        2025, 9, 25, 15)


# --- Bad input --------------------------------------------------------------------------------


def problems_of(source, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        copy(source, **kwargs)
    assert Edition.objects.count() == 1, "nothing is made"
    return {key: [str(m) for m in messages] for key, messages in
            caught.value.message_dict.items()}


def test_a_slug_or_short_name_already_taken_is_refused(source):
    assert problems_of(source, slug="city-prize-2023") == {
        "slug": ["Another edition already uses the slug “city-prize-2023”: choose another."]}
    assert "short_name" in problems_of(source, short_name="cp23")


def test_a_call_that_closes_before_it_opens_is_refused(source):
    problems = problems_of(source, dates={"call_opens_at": seoul(2024, 6, 30),
                                          "call_closes_at": seoul(2024, 3, 1)})

    assert problems["call_closes_at"] == ["The call must close after it opens."]


def test_a_ceremony_before_the_call_closes_is_refused(source):
    problems = problems_of(source, dates={"ceremony_at": seoul(2024, 6, 1, 15),
                                          "reply_by": seoul(2024, 5, 1)})

    assert problems["ceremony_at"] == ["The ceremony comes after the call closes."]


def test_rounds_out_of_order_are_refused(source):
    first, final = source.rounds
    problems = problems_of(source, dates={
        f"round_{first.pk}_opens_at": seoul(2024, 7, 7), f"round_{first.pk}_closes_at":
        seoul(2024, 7, 1)})
    assert problems == {f"round_{first.pk}_closes_at": [
        "Online screening must close after it opens."]}

    problems = problems_of(source, dates={f"round_{final.pk}_opens_at": seoul(2024, 7, 5)})
    assert problems[f"round_{final.pk}_opens_at"] == [
        "Final jury opens before Online screening closes: rounds follow one another."]


def test_a_round_closing_after_the_ceremony_or_a_milestone_ending_before_it_starts(source):
    first, final = source.rounds
    screening = source.milestones[1]
    problems = problems_of(source, dates={
        f"round_{final.pk}_closes_at": seoul(2024, 10, 1),
        f"milestone_{screening.pk}_ends_at": seoul(2024, 6, 1)})

    assert problems[f"round_{final.pk}_closes_at"] == [
        "Final jury closes after the ceremony, which announces its results."]
    assert problems[f"milestone_{screening.pk}_ends_at"] == [
        "“Screening” cannot end before it starts."]


def test_missing_dates_names_and_bad_years_are_refused(source):
    problems = problems_of(source, name="  ", year=1999, dates={"call_opens_at": None})

    assert problems["name"] == ["Enter the name."]
    assert problems["year"] == ["Enter a year from 2000 to 2100."]
    assert problems["call_opens_at"] == ["Enter when the call opens."]


def test_nul_bytes_and_bad_slugs_are_refused(source):
    problems = problems_of(source, name="City\x00Prize", short_name="CP\x0024",
                           slug="city prize\x00")

    assert problems["name"] == [
        "The name contains characters that cannot be stored (control characters)."]
    assert problems["short_name"] == [
        "The short name contains characters that cannot be stored (control characters)."]
    assert problems["slug"][0].startswith("Enter a slug of letters")


def test_the_home_page_edition_needs_an_open_call(source):
    problems = problems_of(source, make_current=True)

    assert list(problems) == ["make_current"]


@pytest.mark.django_db(transaction=True)
def test_two_people_making_the_same_edition_at_once_make_one_on_postgresql():
    need_postgresql()
    source = configured_source(season=False)
    second = UserFactory(email="secretariat2@example.org")
    RoleFactory(user=second, edition=source.edition, role=Role.SECRETARIAT)

    def make(person):
        try:
            copy(source, by=person)
            return "made"
        except ValidationError as exc:
            return exc.message_dict

    outcomes = at_once(lambda: make(source.users["secretariat"]), lambda: make(second))

    assert sorted(outcomes, key=str) == sorted(["made", {"slug": [
        "Another edition already uses the slug “city-prize-2024”: choose another."]}], key=str)
    new = Edition.objects.get(slug="city-prize-2024")
    assert Category.objects.filter(edition=new).count() == 2
    assert AuditEvent.objects.filter(action="edition.copy").count() == 1
