"""The edition's application forms in the staff pages: which form each kind of entrant fills in
each category (new entries only; audited), a copy of a form, and a preview of every step as an
entrant sees it, where what is typed is checked and never saved."""

import pytest
from django.urls import reverse

from entries.models import Entry, EntryForm, EntryFormUse
from prize.enums import EntrantKind
from prize.models import AuditEvent
from tests.factories import CategoryFactory, EditionFactory, EntryFormFactory

pytestmark = pytest.mark.django_db


def forms_url(season):
    return reverse("entries:staff_forms", args=[season.edition.slug])


def preview_url(season, form, step=""):
    if step:
        return reverse("entries:staff_form_preview_step",
                       args=[season.edition.slug, form.pk, step])
    return reverse("entries:staff_form_preview", args=[season.edition.slug, form.pk])


@pytest.fixture
def leadership(season):
    return CategoryFactory(edition=season.edition, name="Leadership", code="LD",
                           allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])


def test_the_grid_names_each_kind_without_a_form_and_saving_fills_it(season, leadership):
    staff = season.client("secretariat")
    form = season.entry.form
    page = staff.get(forms_url(season)).content.decode()
    assert "Leadership" in page and "Choose a form, or they cannot enter this category." in page

    response = staff.post(forms_url(season), {f"use-{leadership.pk}-individual": str(form.pk)})

    assert response.status_code == 302
    assert EntryFormUse.objects.get(category=leadership, entrant_kind="individual").form == form
    event = AuditEvent.objects.get(action="form_use.set")
    assert event.after["form"] == form.pk


def test_choosing_another_form_changes_new_entries_only(season):
    staff = season.client("secretariat")
    other = EntryFormFactory(edition=season.edition, name="Short form", slug="short")
    use = EntryFormUse.objects.get(category=season.category)
    started = set(Entry.objects.values_list("pk", "form_id"))

    staff.post(forms_url(season), {f"use-{season.category.pk}-{use.entrant_kind}": other.pk})

    use.refresh_from_db()
    assert use.form == other
    assert set(Entry.objects.values_list("pk", "form_id")) == started


@pytest.mark.parametrize("value", ["999999", "abc", "1" * 30])
def test_a_form_that_is_not_this_editions_is_refused_on_the_page(season, value):
    staff = season.client("secretariat")
    foreign = EntryFormFactory(edition=EditionFactory(is_current=False))
    use = EntryFormUse.objects.get(category=season.category)
    for bad in (value, str(foreign.pk)):
        response = staff.post(forms_url(season),
                              {f"use-{season.category.pk}-{use.entrant_kind}": bad})
        assert response.status_code == 400
        assert "Choose one of this edition&#x27;s forms." in response.content.decode()
    use.refresh_from_db()
    assert use.form == season.entry.form


def test_a_copy_is_a_new_form_of_the_edition(season):
    staff = season.client("secretariat")
    form = season.entry.form

    staff.post(reverse("entries:staff_form_copy", args=[season.edition.slug, form.pk]))

    copy = EntryForm.objects.exclude(pk=form.pk).get(edition=season.edition)
    assert copy.name == f"Copy of {form.name}" and copy.schema == form.schema
    assert AuditEvent.objects.filter(action="form.copy").count() == 1


def test_the_preview_shows_the_step_as_entrants_see_it_and_checks_without_saving(season):
    staff = season.client("coordinator")  # coordinators may preview
    form = season.entry.form
    before = Entry.objects.count(), list(Entry.objects.values_list("answers", flat=True))

    page = staff.get(preview_url(season, form)).content.decode()
    tried = staff.post(preview_url(season, form, "basics"),
                       {"title": "", "summary": "word " * 80, "sectors": ["mobility"]})

    assert "Project title" in page and "Step 1 of 3" in page
    assert "nothing is saved" in page
    content = tried.content.decode()
    assert tried.status_code == 200
    assert "answers on this step need attention" in content
    assert (Entry.objects.count(), list(Entry.objects.values_list("answers", flat=True))) \
        == before


def test_an_unknown_step_is_a_404_and_a_broken_form_says_so(season):
    staff = season.client("secretariat")
    form = season.entry.form
    assert staff.get(preview_url(season, form, "nope")).status_code == 404
    broken = EntryFormFactory(edition=season.edition, slug="broken", schema={"steps": "x"})

    page = staff.get(preview_url(season, broken)).content.decode()

    assert "This form cannot be read" in page


@pytest.mark.parametrize("persona, reads, changes", [
    ("anonymous", 302, 302), ("entrant", 404, 404), ("judge", 404, 404),
    ("coordinator", 200, 404), ("secretariat", 200, 302), ("superuser", 200, 302),
])
def test_who_reads_and_who_changes_the_forms(season, persona, reads, changes):
    client = season.client(persona)
    form = season.entry.form

    assert client.get(forms_url(season)).status_code == reads
    assert client.get(preview_url(season, form)).status_code == reads
    assert client.post(reverse("entries:staff_form_copy",
                               args=[season.edition.slug, form.pk])).status_code == changes


def test_the_forms_page_reads_a_fixed_number_of_queries(season, count_queries):
    staff = season.client("secretariat")

    def load():
        assert staff.get(forms_url(season)).status_code == 200

    load()
    few = count_queries(load)
    for n in range(10):
        CategoryFactory(edition=season.edition, code=f"X{n}", name=f"Category {n}",
                        allowed_entrant_kinds=[EntrantKind.INDIVIDUAL, EntrantKind.CORPORATION])
        EntryFormFactory(edition=season.edition, slug=f"form-{n}")
    assert count_queries(load) == few


def test_a_form_of_an_earlier_edition_the_organiser_runs_is_copied_in(season):
    from prize.enums import Role
    from tests.factories import RoleFactory

    staff = season.client("secretariat")
    earlier = EditionFactory(is_current=False, short_name="SCP22")
    RoleFactory(user=season.users["secretariat"], edition=earlier, role=Role.SECRETARIAT)
    old = EntryFormFactory(edition=earlier, name="Form 2022", slug="form-2022")
    foreign = EntryFormFactory(edition=EditionFactory(is_current=False), slug="theirs")

    page = staff.get(forms_url(season)).content.decode()
    copied = staff.post(reverse("entries:staff_form_import", args=[season.edition.slug]),
                        {"form": old.pk})
    refused = staff.post(reverse("entries:staff_form_import", args=[season.edition.slug]),
                         {"form": foreign.pk})

    assert "SCP22: Form 2022" in page and "theirs" not in page
    assert copied.status_code == 302
    copy = EntryForm.objects.get(edition=season.edition, name="Form 2022")
    assert copy.schema == old.schema
    assert refused.status_code == 400
    assert not EntryForm.objects.filter(edition=season.edition, slug="theirs").exists()
    assert season.client("coordinator").post(
        reverse("entries:staff_form_import", args=[season.edition.slug]),
        {"form": old.pk}).status_code == 404
