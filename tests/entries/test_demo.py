"""The 2023 application forms, and the demo season ``manage.py demo`` loads: 240 entries from
93 cities in 47 countries, screened as in 2023, with drafts, one withdrawal and files."""

import hashlib
import re
from collections import Counter, defaultdict

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from entries import schema as form_schema
from entries.demo import places
from entries.enums import ENTERED_STATUSES, EntryStatus, Region
from entries.forms_2023 import forms_2023, install_forms, leadership_form, project_form
from entries.models import (
    Attachment,
    Entrant,
    Entry,
    EntryForm,
    EntryFormUse,
    EntryRevision,
    ScreeningDecision,
    ScreeningReason,
)
from entries.regions import region_of
from prize.enums import EntrantKind
from prize.models import Edition, User
from tests.factories import CategoryFactory, EditionFactory

PROJECT_KINDS = {EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION}

# --- The 2023 forms ------------------------------------------------------------------------------


def fields_of(schema: dict) -> dict:
    return {f["key"]: f for step in schema["steps"] for f in step.get("fields", [])}


@pytest.mark.parametrize(("slug", "name", "schema"), forms_2023(), ids=lambda v: str(v)[:20])
def test_every_2023_form_is_a_valid_schema_ending_with_attachments(slug, name, schema):
    parsed = form_schema.Schema.parse(schema)

    last = parsed.steps[-1]
    assert (last.kind, last.max_files, last.max_mb) == ("attachments", 10, 20)
    assert parsed.title_field == "title"
    assert parsed.fields_by_key["title"].required
    long_texts = [f for f in parsed.fields_by_key.values() if f.type == "textarea"]
    assert long_texts and all(f.max_words and f.max_words <= 500 for f in long_texts)


def test_project_forms_follow_the_evaluation_criteria():
    fields = fields_of(project_form("TI", "city"))

    for key in ("title", "summary", "problem", "problem_identification", "design",
                "technology", "budget_amount", "budget_currency", "funding_sources",
                "staffing", "implementation", "monitoring", "outcomes", "indicators",
                "sectors", "period_start", "city_population", "department"):
        assert fields[key]["required"], key
    assert fields["summary"]["max_words"] == 150
    assert fields["budget_amount"]["type"] == "number"
    assert {"USD", "EUR", "KRW"} <= {v for v, _l in fields["budget_currency"]["choices"]}
    assert [c for c, _l in fields["indicators"]["columns"]] == ["indicator", "baseline",
                                                                 "result"]
    assert fields["indicators"]["max_items"] == 5
    assert {v for v, _l in fields["sectors"]["choices"]} == {
        "mobility", "safety", "welfare", "environment", "energy", "culture", "governance"}
    assert {v for v, _l in fields["target_groups"]["choices"]} == {
        "elderly", "youth", "disabilities", "low_income", "others"}
    assert fields["links"]["type"] == "urls"
    assert "organisation_type" not in fields


def test_target_groups_are_required_in_human_centricity_only():
    for entrant in ("city", "organisation"):
        assert fields_of(project_form("HC", entrant))["target_groups"]["required"] is True
        assert fields_of(project_form("TI", entrant))["target_groups"]["required"] is False


def test_organisations_answer_about_themselves_and_their_city_partners():
    fields = fields_of(project_form("HC", "organisation"))

    assert fields["organisation_type"]["required"]
    assert fields["organisation_size"]["required"]
    assert fields["city_partners"]["required"]
    assert "city_population" not in fields


def test_leadership_asks_about_the_nominee_and_references():
    fields = fields_of(leadership_form())

    for key in ("nominee_name", "nominee_position", "nominee_city", "term_start",
                "initiatives", "impact", "references"):
        assert fields[key]["required"], key
    assert [c for c, _l in fields["references"]["columns"]] == ["name", "organisation",
                                                                "email"]
    assert fields["initiatives"]["max_words"] == 500


def test_install_forms_sets_a_form_for_every_allowed_kind_and_is_idempotent(db):
    edition = EditionFactory()
    project = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]
    ti = CategoryFactory(edition=edition, code="TI", allowed_entrant_kinds=project)
    hc = CategoryFactory(edition=edition, code="HC", allowed_entrant_kinds=project)
    ld = CategoryFactory(edition=edition, code="LD",
                         allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])
    CategoryFactory(edition=edition, code="XX")  # not a 2023 category: left alone

    install_forms(edition)
    EntryForm.objects.filter(edition=edition, slug="ti-city").update(name="Edited")
    install_forms(edition)

    assert EntryForm.objects.filter(edition=edition).count() == 5
    assert EntryForm.objects.get(edition=edition, slug="ti-city").name == "Edited"
    uses = {(u.category.code, u.entrant_kind): u.form.slug
            for u in EntryFormUse.objects.select_related("category", "form")}
    assert uses == {
        ("TI", "city_government"): "ti-city", ("TI", "corporation"): "ti-organisation",
        ("TI", "institution"): "ti-organisation", ("HC", "city_government"): "hc-city",
        ("HC", "corporation"): "hc-organisation", ("HC", "institution"): "hc-organisation",
        ("LD", "individual"): "ld-individual",
    }
    assert {ti.pk, hc.pk, ld.pk} == set(EntryFormUse.objects.values_list("category",
                                                                         flat=True))


# --- The demo season -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_places_are_93_cities_in_47_countries_on_every_continent():
    assert len(places.CITIES) == 93
    assert len({c.country.code for c in places.CITIES}) == 47
    assert {region_of(c.country.code) for c in places.CITIES} == set(Region.values)
    assert sum(places.REGION_ENTRIES.values()) == 240


@pytest.fixture
def season(db, capsys, monkeypatch):
    # The entries' part of the season only: judging's part has its own tests.
    monkeypatch.setattr("prize.demo.APP_DEMOS", ["entries.demo"])
    call_command("demo")
    edition = Edition.objects.get(slug="seoul-smart-city-prize-2023")
    return edition, capsys.readouterr().out


def entered(edition):
    return Entry.objects.filter(edition=edition, status__in=ENTERED_STATUSES).select_related(
        "entrant", "category", "form")


def test_the_demo_season_has_the_2023_numbers(season):
    edition, printed = season
    statuses = Counter(Entry.objects.filter(edition=edition).values_list("status", flat=True))
    entries = list(entered(edition))

    assert len(entries) == 240
    assert statuses == {EntryStatus.ELIGIBLE: 209, EntryStatus.INELIGIBLE: 31,
                        EntryStatus.DRAFT: 6, EntryStatus.WITHDRAWN: 1}
    assert len({(str(e.entrant.country), e.entrant.city) for e in entries}) == 93
    assert len({str(e.entrant.country) for e in entries}) == 47
    eligible = [e for e in entries if e.status == EntryStatus.ELIGIBLE]
    assert len({(str(e.entrant.country), e.entrant.city) for e in eligible}) == 93
    regions = Counter(e.entrant.region for e in entries)
    assert set(regions) == set(Region.values)
    assert 0.40 <= regions["asia"] / 240 <= 0.48
    assert [r for r, _n in regions.most_common()] == [
        "asia", "europe", "middle_east", "americas", "africa", "oceania"]
    assert "240 entries from 93 cities in 47 countries" in printed
    assert "209 eligible, 31 ineligible" in printed


def test_categories_and_entrant_kinds_follow_the_rules(season):
    edition, _printed = season
    pairs = Counter((e.category.code, e.entrant.kind) for e in entered(edition))
    by_category = Counter()
    for (code, kind), n in pairs.items():
        by_category[code] += n
        if code == "LD":
            assert kind == EntrantKind.INDIVIDUAL
        else:
            assert kind in PROJECT_KINDS
    assert by_category == {"TI": 150, "HC": 70, "LD": 20}
    assert {kind for (_c, kind) in pairs} == set(EntrantKind.values)
    for entry in Entry.objects.filter(edition=edition).select_related("category", "entrant"):
        use = EntryFormUse.objects.get(category=entry.category, entrant_kind=entry.entrant.kind)
        assert entry.form_id == use.form_id
    for entrant in Entrant.objects.all():
        assert entrant.region == region_of(str(entrant.country))


def test_every_entered_entry_is_complete_and_readable(season):
    edition, _printed = season
    titles = set()
    for entry in Entry.objects.filter(edition=edition).exclude(status=EntryStatus.DRAFT
                                                               ).select_related("form"):
        schema = form_schema.Schema.parse(entry.form.schema)
        assert form_schema.missing(schema, entry.answers) == [], entry.reference
        assert entry.title == schema.title(entry.answers)
        titles.add(entry.title)
        text = " ".join(v for v in entry.answers.values() if isinstance(v, str)).lower()
        assert "lorem" not in text
        assert "{" not in text  # every template slot filled
    assert len(titles) == 241
    for draft in Entry.objects.filter(edition=edition, status=EntryStatus.DRAFT):
        schema = form_schema.Schema.parse(draft.form.schema)
        assert form_schema.missing(schema, draft.answers)  # something left to do
        assert draft.reference is None and draft.submitted_at is None


def test_references_are_unique_and_numbered_by_category_in_order_of_submission(season):
    edition, _printed = season
    numbered = Entry.objects.filter(edition=edition).exclude(status=EntryStatus.DRAFT)
    by_category = defaultdict(list)
    for entry in numbered.select_related("category").order_by("submitted_at"):
        assert re.fullmatch(r"SSCP23-(TI|HC|LD)-\d{4}", entry.reference)
        assert entry.reference.split("-")[1] == entry.category.code
        by_category[entry.category.code].append(int(entry.reference[-4:]))
    for numbers in by_category.values():
        assert numbers == list(range(1, len(numbers) + 1))
    assert numbered.values("reference").distinct().count() == 241


def test_submissions_come_in_over_the_call_with_a_rush_at_the_end(season):
    edition, _printed = season
    months = Counter()
    for entry in entered(edition):
        assert edition.call_opens_at <= entry.submitted_at < edition.call_closes_at
        assert entry.created_at <= entry.submitted_at == entry.last_saved_at
        months[edition.local(entry.submitted_at).month] += 1
    assert set(months) == {3, 4, 5, 6}
    assert months[3] < months[4] < months[5] < months[6]


def test_screening_decisions_are_recorded_and_released(season):
    edition, _printed = season
    reasons = set(ScreeningReason.objects.filter(edition=edition).values_list("decision",
                                                                              "text"))
    assert (EntryStatus.ELIGIBLE, "Meets all eligibility criteria") in reasons
    assert (EntryStatus.INELIGIBLE, "Entrant kind not allowed in this category") in reasons
    assert len(reasons) == 6
    texts = {text for _d, text in reasons}
    decisions = ScreeningDecision.objects.filter(entry__edition=edition).select_related(
        "entry", "decided_by")
    assert decisions.count() == 240
    for decision in decisions:
        assert decision.decision == decision.entry.status
        assert decision.released_at is not None and decision.decided_at < decision.released_at
        assert decision.decided_by.email == "secretariat@example.org"
        assert any(decision.reason.startswith(text) for text in texts)


def test_revisions_and_attachments_are_kept_like_the_services_keep_them(season):
    edition, _printed = season
    submitted = Entry.objects.filter(edition=edition).exclude(status=EntryStatus.DRAFT)
    revisions = {r.entry_id: r for r in EntryRevision.objects.filter(entry__in=submitted)}
    assert len(revisions) == 241 and {r.number for r in revisions.values()} == {1}
    files = defaultdict(list)
    for attachment in Attachment.objects.filter(entry__edition=edition):
        files[attachment.entry_id].append(attachment)
        data = default_storage.open(attachment.file.name).read()
        assert len(data) == attachment.size
        assert hashlib.sha256(data).hexdigest() == attachment.sha256
        assert attachment.file.name.startswith("attachments/")
        assert attachment.original_name not in attachment.file.name
        signature = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n"}
        assert data.startswith(signature[attachment.content_type])
    for entry in submitted:
        assert revisions[entry.pk].answers == entry.answers
        assert revisions[entry.pk].attachments == [a.original_name for a in files[entry.pk]]
        assert files[entry.pk][0].content_type == "application/pdf"
    kinds = Counter(a.content_type for items in files.values() for a in items)
    assert kinds["image/png"] > 0


def test_the_demo_entrant_login_has_a_draft_and_a_submitted_entry(season):
    edition, _printed = season
    user = User.objects.get(email="entrant@example.org")
    entrant = user.entrant_membership.entrant

    statuses = sorted(entrant.entries.values_list("status", flat=True))

    assert statuses == [EntryStatus.DRAFT, EntryStatus.ELIGIBLE]
    assert entrant.contact_email == "entrant@example.org"
    assert user.has_usable_password()
    others = User.objects.filter(email__startswith="contact+")
    assert others.count() == Entrant.objects.count() - 1
    assert not any(u.has_usable_password() for u in others)


def test_one_entry_was_withdrawn(season):
    edition, _printed = season
    withdrawn = Entry.objects.get(edition=edition, status=EntryStatus.WITHDRAWN)

    assert withdrawn.reference and withdrawn.submitted_at < withdrawn.withdrawn_at
    assert withdrawn.withdrawal_reason
    assert not withdrawn.decisions.exists()


def test_running_the_demo_again_changes_nothing(season, capsys):
    edition, _printed = season
    before = (Entry.objects.count(), Entrant.objects.count(), User.objects.count(),
              Attachment.objects.count(), ScreeningDecision.objects.count(),
              EntryForm.objects.count(), ScreeningReason.objects.count())

    call_command("demo")

    assert (Entry.objects.count(), Entrant.objects.count(), User.objects.count(),
            Attachment.objects.count(), ScreeningDecision.objects.count(),
            EntryForm.objects.count(), ScreeningReason.objects.count()) == before
    assert "240 entries from 93 cities in 47 countries (already there)" in capsys.readouterr(
    ).out


def test_reset_starts_the_same_season_over(season, media, django_capture_on_commit_callbacks):
    edition, _printed = season
    references = dict(Entry.objects.exclude(reference=None).values_list("reference", "title"))
    Entry.objects.filter(reference="SSCP23-TI-0001").update(title="Changed")
    old_files = set(Attachment.objects.values_list("file", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", reset=True, quiet=True)

    assert dict(Entry.objects.exclude(reference=None).values_list("reference",
                                                                  "title")) == references
    assert Entry.objects.count() == 247
    assert Entrant.objects.count() == Entry.objects.values("entrant").distinct().count()
    assert User.objects.filter(email__startswith="contact+").count() == (
        Entrant.objects.count() - 1)
    new_files = set(Attachment.objects.values_list("file", flat=True))
    assert not old_files & new_files
    assert not any(default_storage.exists(name) for name in old_files)
    assert all(default_storage.exists(name) for name in new_files)
