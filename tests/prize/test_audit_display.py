"""The audit log reads as words: field labels instead of keys, choice labels instead of codes,
names instead of ids, times in the page's time zone, Yes/No, long text shortened with the whole
one click away, never a hash or a credential; the CSV keeps the raw values and adds the words."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from entries import services as entry_services
from entries.enums import EntryStatus
from judging.services import rounds as round_services
from prize import services as prize_services
from prize.enums import EntrantKind, Role
from prize.models import AuditEvent
from tests.factories import CategoryFactory, EditionFactory, RoleFactory, RoundFactory
from tests.prize.test_edition_settings import category_row, form_data

pytestmark = pytest.mark.django_db


def changes_of(html: str) -> list[str]:
    """The changes as a sighted reader sees them, one string per changed field."""
    items = []
    for block in re.findall(r'<ul class="changes[^"]*">(.*?)</ul>', html, re.S):
        for item in re.findall(r"<li>(.*?)</li>", block, re.S):
            item = re.sub(r"<details.*?</details>", "", item, flags=re.S)
            item = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", item)
            item = re.sub(r"<[^>]+>", "", item)
            items.append(" ".join(item.split()))
    return items


def audit_page(client, **params) -> str:
    return client.get(reverse("staff_audit"), params).content.decode()


def csv_rows(client, **params) -> list[list[str]]:
    response = client.get(reverse("staff_audit"), {"format": "csv", **params})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_a_screening_decision_shows_status_labels_not_codes(season):
    staff = season.users["secretariat"]
    entry_services.screening_decide(entry=season.entry, decision=EntryStatus.ELIGIBLE,
                                    reason="All criteria met.", by=staff)

    html = audit_page(season.client("secretariat"), action="entry.screen")

    assert changes_of(html) == ["Status: Submitted → Eligible"]
    assert "All criteria met." in html
    assert "<td>Entry screened</td>" in html and "<code>entry.screen</code>" not in html
    assert '<option value="entry.screen" selected>Entry screened</option>' in html


def test_an_action_without_words_of_its_own_reads_as_its_words():
    from prize.audit_display import action_label

    # (an action recorded by an older version: every action recorded today has its words)
    assert action_label("round.take_part") == "Round: take part"
    assert action_label("reveal.screen_link.copy") == "Reveal: screen link copy"


def test_a_round_change_shows_labels_times_in_the_editions_zone_and_yes_or_no(client_for,
                                                                             edition):
    round = RoundFactory(edition=edition, blind=True, judges_per_entry=2,
                         opens_at=datetime(2023, 7, 1, tzinfo=UTC),
                         closes_at=datetime(2023, 7, 10, 9, 0, tzinfo=UTC))
    round_services.round_update(
        round=round, by=None,
        data={"closes_at": datetime(2023, 7, 20, 8, 59, tzinfo=UTC), "blind": False,
              "judges_per_entry": 1200},
    )

    html = audit_page(client_for("secretariat"), action="round.update")

    # 09:00 UTC is 18:00 in Seoul, the edition's zone, which the page names.
    assert changes_of(html) == [
        "Blind: Yes → No",
        "Closes: 10 Jul 2023, 18:00 → 20 Jul 2023, 17:59",
        "Judges per entry: 2 → 1,200",
    ]
    assert "times in Asia/Seoul" in html


def test_edition_settings_show_dates_long_text_and_category_names(client_for, edition):
    edition.about = "Short."
    edition.save()
    category = CategoryFactory(edition=edition, name="Tech-InnovaCity",
                               allowed_entrant_kinds=[EntrantKind.CITY_GOVERNMENT])
    secretariat = client_for("secretariat")
    long_about = "A prize for cities. " * 20
    row = category_row(category)
    row["allowed_entrant_kinds"] = [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION]
    response = secretariat.post(reverse("staff_edition_settings", args=[edition.slug]),
                                form_data(edition, [row], **{"edition-about": long_about}))
    assert response.status_code == 302

    html = audit_page(secretariat)
    update, saved = (AuditEvent.objects.get(action=a) for a in ("edition.update",
                                                                "category.save"))

    lines = changes_of(html)
    about = next(line for line in lines if line.startswith("About:"))
    assert about.startswith("About: Short. → A prize for cities. A prize")
    assert about.endswith("…") and len(about) < 160  # shortened on the page …
    assert f"<p class=\"mb-1 text-break\">{long_about.strip()}" in html  # … whole on demand
    assert "Call closes: " in " ".join(lines) and "30 Jun 2023, 18:00" in html
    assert f"Edition: (empty) → {edition.name}" in lines  # the name, not the id
    assert "Who may enter: (empty) → City government, Corporation" in lines  # labels, not codes
    assert update.after["call_closes_at"][:16].replace("T", " ") == "2023-06-30 09:00"  # UTC
    assert saved.after["edition"] == edition.pk


def test_hashes_and_credentials_never_reach_the_page_and_the_csv_keeps_no_credential(
    client_for, edition
):
    prize_services.audit(None, "attachment.anonymised_add", edition, edition=edition, after={
        "file": "plan.pdf", "sha256": "9f86d081884c7d659a2feaa0c55ad015", "size": 2048000,
        "invite_token": "s3cr3t-t0k3n"})
    client = client_for("superuser")

    html = audit_page(client)
    rows = csv_rows(client)

    assert changes_of(html) == ["File: (empty) → plan.pdf", "Size (bytes): (empty) → 2,048,000"]
    assert "9f86d081" not in html and "s3cr3t" not in html
    assert "9f86d081" in rows[1][6]  # the fingerprint stays in the raw column, for machines
    assert "s3cr3t" not in "".join(rows[1])


def test_the_csv_keeps_raw_values_and_adds_the_changes_in_words(season):
    entry_services.screening_decide(entry=season.entry, decision=EntryStatus.INELIGIBLE,
                                    reason="Late.", by=season.users["secretariat"])

    header, *rows = csv_rows(season.client("superuser"), action="entry.screen")

    assert header[5:] == ["Before", "After", "Note", "Changes"]
    assert rows[0][5:] == ['{"status": "submitted"}', '{"status": "ineligible"}', "Late.",
                           "Status: Submitted → Ineligible"]


def test_names_are_found_in_a_bounded_number_of_queries(client_for, edition, count_queries):
    client = client_for("superuser")

    def categories(n):
        for i in range(n):
            other = EditionFactory(is_current=False)
            RoleFactory(user=client.user, edition=other, role=Role.SECRETARIAT)
            category = CategoryFactory(edition=other)
            prize_services.audit(None, "category.save", category, edition=other,
                                 after=prize_services.snapshot(category))

    categories(1)
    one = count_queries(lambda: client.get(reverse("staff_audit")))
    categories(19)
    twenty = count_queries(lambda: client.get(reverse("staff_audit")))
    html = audit_page(client)

    assert twenty == one
    assert len([line for line in changes_of(html) if line.startswith("Edition: (empty) → ")]) \
        == 20


def test_bare_changes_elsewhere_read_as_words_too():
    from django.template.loader import render_to_string

    html = render_to_string("components/audit_changes.html", {"changes": [
        ("is_current", False, True), ("status", "submitted", "eligible"),
        ("scores", None, {"Innovation": "8.5", "Design": "7"})]})

    assert changes_of(html) == ["Current edition: No → Yes", "Status: Submitted → Eligible",
                                "Scores: (empty) → Innovation: 8.5, Design: 7"]
