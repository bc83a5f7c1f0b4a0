"""The staff view of one entry, its revisions, and the word-level comparison of two revisions;
and the admin pages of every entries model."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from entries import services
from entries.models import (
    Attachment,
    EntryRevision,
    Extension,
    Invitation,
    ScreeningDecision,
    ScreeningReason,
)
from entries.presentation import as_text, word_diff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(season):
    return season.client("secretariat")


def entry_url(season, entry):
    return reverse("entries:staff_entry", args=[season.edition.slug, entry.pk])


def diff_url(season, entry, number, against=None):
    url = reverse("entries:staff_revision_diff", args=[season.edition.slug, entry.pk, number])
    return f"{url}?against={against}" if against else url


def revise(entry, number, **answers):
    return EntryRevision.objects.create(
        entry=entry, number=number, title=answers.get("title", entry.title),
        answers={**entry.answers, **answers},
    )


# --- Word-level diff ---------------------------------------------------------------------------


def test_word_diff_marks_removed_and_added_words():
    before, after = word_diff("Sensors make crossings safer.", "Cameras make crossings safer.")

    assert before == "<del>Sensors</del> make crossings safer."
    assert after == "<ins>Cameras</ins> make crossings safer."


def test_word_diff_escapes_what_was_typed():
    before, after = word_diff("<b>old</b>", "<script>alert(1)</script> new")

    assert "<script>" not in after
    assert "&lt;script&gt;" in after
    assert "<ins>" in after
    assert "<b>" not in before


def test_word_diff_keeps_a_rewritten_phrase_together_and_line_breaks():
    assert word_diff("old words here", "new text there") == (
        "<del>old words here</del>", "<ins>new text there</ins>")
    assert word_diff("a b c", "x b y") == ("<del>a</del> b <del>c</del>",
                                         "<ins>x</ins> b <ins>y</ins>")
    assert word_diff("One\nTwo", "One\nTwo\nThree")[1] == "One\nTwo<ins>\nThree</ins>"


def test_word_diff_handles_korean_and_empty_sides():
    before, after = word_diff("", "스마트 도시")

    assert before == ""
    assert after == "<ins>스마트 도시</ins>"


def test_answers_become_comparable_text():
    assert as_text(["mobility", "energy"]) == "mobility\nenergy"
    assert as_text([{"indicator": "Accidents", "baseline": "40"}]) == "Accidents · 40"
    assert as_text(True) == "Yes"
    assert as_text(None) == ""


# --- Revisions ---------------------------------------------------------------------------------


def test_a_revision_is_compared_with_the_one_before(season, staff):
    revise(season.entry, 1)
    revise(season.entry, 2, summary="Sensors make crossings safer for children.",
           budget_amount="300000")

    response = staff.get(diff_url(season, season.entry, 2))

    content = response.content.decode()
    assert response.status_code == 200
    assert [c["label"] for c in response.context["changes"]] == ["Short summary", "Budget"]
    assert "safer for <del>older people.</del>" in content
    assert "safer for <ins>children.</ins>" in content
    assert "<del>250000</del>" in content
    assert "<ins>300000</ins>" in content
    assert "Project title" not in [c["label"] for c in response.context["changes"]]


def test_a_revision_can_be_compared_with_the_submission(season, staff):
    revise(season.entry, 1)
    revise(season.entry, 2, title="Smart crossings for Busan")
    revise(season.entry, 3, title="Smart crossings for Busan", budget_amount="1")

    since_submission = staff.get(diff_url(season, season.entry, 3, against=1))
    since_last = staff.get(diff_url(season, season.entry, 3))

    assert [c["label"] for c in since_submission.context["changes"]] == ["Project title",
                                                                         "Budget"]
    assert "<del>Seoul</del>" in since_submission.content.decode()
    assert [c["label"] for c in since_last.context["changes"]] == ["Budget"]


def test_changed_attachments_are_shown(season, staff):
    EntryRevision.objects.create(entry=season.entry, number=1, answers=season.entry.answers,
                                 attachments=["plan.pdf"])
    EntryRevision.objects.create(entry=season.entry, number=2, answers=season.entry.answers,
                                 attachments=["plan.pdf", "photo.png"])

    response = staff.get(diff_url(season, season.entry, 2))

    changes = response.context["changes"]
    assert [c["label"] for c in changes] == ["Attached files"]
    assert "<ins>" in changes[0]["after"]
    assert "photo" in changes[0]["after"]


def test_the_submitted_revision_is_shown_whole(season, staff):
    revise(season.entry, 1)

    response = staff.get(diff_url(season, season.entry, 1))

    content = response.content.decode()
    assert response.context["changes"] is None
    assert "there is no earlier revision to compare it with" in content
    assert "Sensors make crossings safer for older people." in content


def test_revisions_made_by_the_entrant_are_listed_and_compared(season, staff):
    owner = season.users["entrant"]
    colleague = UserFactory()
    draft = services.entry_submit(entry=season.draft, by=owner)
    draft = services.entry_save_step(
        entry=draft, step="basics", version=draft.version, by=owner,
        data={"summary": "Sensors make crossings safer for everyone."})
    draft = services.entry_submit_changes(entry=draft, by=owner)
    draft = services.entry_save_step(entry=draft, step="budget", version=draft.version,
                                     by=colleague, data={"budget_amount": "260000"})
    services.entry_submit_changes(entry=draft, by=colleague)

    listing = staff.get(reverse("entries:staff_revisions",
                                args=[season.edition.slug, draft.pk]))
    diff = staff.get(diff_url(season, draft, 2))

    assert [r.number for r in listing.context["revisions"]] == [1, 2, 3]
    assert "Changes from revision 1 to 2" in listing.content.decode()
    assert "Changes from submission to revision 3" in listing.content.decode()
    assert "safer for <ins>everyone.</ins>" in diff.content.decode()


def test_what_the_entrant_typed_is_shown_escaped(season, staff):
    revise(season.entry, 1)
    revise(season.entry, 2, summary='<img src=x onerror="alert(1)"> Safer.')

    content = staff.get(diff_url(season, season.entry, 2)).content.decode()

    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in content


# --- The entry page ----------------------------------------------------------------------------


def test_the_entry_page_shows_answers_in_form_order_with_labels(season, staff):
    season.entry.answers = {**season.entry.answers, "links": ["https://seoul.go.kr",
                                                              "javascript:alert(1)"]}
    season.entry.save()

    response = staff.get(entry_url(season, season.entry))

    content = response.content.decode()
    labels = ["Project title", "Short summary", "Sectors", "Budget", "Links"]
    positions = [content.index(f'<dt class="mt-2">{label}</dt>') for label in labels]
    assert positions == sorted(positions)
    assert "<li class=\"text-break\">Mobility</li>" in content  # the choice's label
    assert 'href="https://seoul.go.kr"' in content
    assert 'href="javascript:' not in content
    assert "javascript:alert(1)" in content  # shown as text


def test_the_entry_page_shows_attachments_profile_history_and_revisions(season, staff):
    attachment = Attachment.objects.create(
        entry=season.entry, file="attachments/ab/x.pdf", original_name="plan.pdf",
        content_type="application/pdf", size=2048, sha256="0" * 64)
    revise(season.entry, 1)
    services.screening_decide(entry=season.entry, decision="eligible", reason="All met.",
                              by=season.users["secretariat"])
    services.extension_grant(
        edition=season.edition, entrant=season.entrant,
        deadline=season.edition.call_closes_at + timedelta(days=2), reason="Storm.",
        by=season.users["secretariat"])

    response = staff.get(entry_url(season, season.entry))

    content = response.content.decode()
    assert reverse("entries:attachment_download", args=[attachment.pk]) in content
    assert "plan.pdf" in content
    assert season.entrant.contact_email in content
    assert "entrant@example.org" in content  # a member
    assert [e.action for e in response.context["history"]] == ["extension.grant",
                                                                "entry.screen"]
    assert "All met." in content
    assert "Storm." in content
    assert diff_url(season, season.entry, 1) in content
    assert response.context["deadline"] == season.edition.call_closes_at + timedelta(days=2)


def test_the_entry_page_makes_a_bounded_number_of_queries(season, staff, count_queries):
    url = entry_url(season, season.entry)
    staff.get(url)
    few = count_queries(lambda: staff.get(url))
    for number in range(1, 8):
        revise(season.entry, number)
        ScreeningDecision.objects.create(entry=season.entry, decision="eligible", reason="x")
        Attachment.objects.create(entry=season.entry, file=f"a/{number}.pdf",
                                  original_name=f"{number}.pdf", content_type="application/pdf",
                                  size=1, sha256="0" * 64)
    many = count_queries(lambda: staff.get(url))

    assert many == few


# --- Admin -------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(season):
    return season.client("superuser")


@pytest.mark.parametrize("model", [
    "entrant", "entrantmember", "invitation", "entryform", "entryformuse", "entry",
    "entryrevision", "attachment", "extension", "screeningreason", "screeningdecision",
])
def test_every_entries_model_has_an_admin_list_and_page(season, admin_client, model):
    revise(season.entry, 1)
    Attachment.objects.create(entry=season.entry, file="attachments/ab/x.pdf",
                              original_name="plan.pdf", content_type="application/pdf",
                              size=10, sha256="0" * 64)
    Invitation.objects.create(entrant=season.entrant, email="new@example.org")
    Extension.objects.create(edition=season.edition, entrant=season.entrant,
                             deadline=timezone.now() + timedelta(days=40), reason="x")
    ScreeningReason.objects.create(edition=season.edition, decision="eligible", text="Fine.")
    ScreeningDecision.objects.create(entry=season.entry, decision="eligible", reason="Fine.")
    model_class = next(m for m in site._registry if m._meta.model_name == model)
    obj = model_class.objects.first()

    listing = admin_client.get(reverse(f"admin:entries_{model}_changelist"))
    page = admin_client.get(reverse(f"admin:entries_{model}_change", args=[obj.pk]))

    assert listing.status_code == 200
    assert page.status_code == 200


def test_the_admin_shows_answers_read_only_and_keeps_entries_unchangeable(season,
                                                                           admin_client):
    page = admin_client.get(reverse("admin:entries_entry_change", args=[season.entry.pk]))
    changed = admin_client.post(reverse("admin:entries_entry_change", args=[season.entry.pk]),
                                {"title": "Changed"})

    assert "&quot;budget_amount&quot;: &quot;250000&quot;" in page.content.decode()
    assert changed.status_code == 403
    season.entry.refresh_from_db()
    assert season.entry.title == "Smart crossings for Seoul"
