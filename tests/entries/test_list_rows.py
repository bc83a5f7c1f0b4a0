"""The rows of the secretariat's entries list are written in Python (``entries.list_rows``) for
speed, from plain values rather than model objects; they must be the markup the list's template
wrote from the entries themselves, cell for cell, in every state a row can show: drafts without
reference or title, changes not submitted, a decision not yet sent (and a later one released),
WeGO members, text that needs escaping, ticked rows, a category named in one language only,
morning and afternoon times across midnight, and in Korean as in English."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import timezone, translation

from entries.enums import EntryStatus
from entries.exports import with_latest_decision
from entries.filters import EntriesList
from entries.list_rows import entry_rows
from entries.models import Entry, ScreeningDecision
from entries.selectors import entries_screenable_by
from prize.enums import EntrantKind
from prize.models import Category
from tests.factories import EntrantFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db

# The rows as templates/entries/staff/list.html drew them with the template engine.
TEMPLATE_ROWS = Template((Path(__file__).parent / "list_rows_before.html").read_text())


@pytest.fixture
def rows_of_every_kind():
    edition = EntryFactory().edition  # a draft with its answers' title
    edition.time_zone = "Asia/Seoul"
    edition.save()
    member = EntrantFactory(name='Ville d\'<Aix> & "Co"', city="Aix & Co", country="FR",
                            kind=EntrantKind.INSTITUTION, wego_member=True)
    EntryFactory(edition=edition, title="", reference=None)
    EntryFactory(edition=edition, entrant=member, submitted=True, title="<script>x</script>",
                 pending_since=datetime(2023, 5, 1, tzinfo=UTC))
    decided = EntryFactory(edition=edition, submitted=True, status=EntryStatus.ELIGIBLE,
                           submitted_at=datetime(2023, 6, 30, 23, 30, tzinfo=UTC))
    ScreeningDecision.objects.create(entry=decided, decision=EntryStatus.ELIGIBLE, reason="ok")
    released = EntryFactory(edition=edition, submitted=True, status=EntryStatus.INELIGIBLE)
    ScreeningDecision.objects.create(entry=released, decision=EntryStatus.INELIGIBLE, reason="no",
                                     released_at=datetime(2023, 7, 1, tzinfo=UTC))
    EntryFactory(edition=edition, status=EntryStatus.WITHDRAWN, reference="SCP-W-1")
    korean_only = Category.objects.create(edition=edition, slug="ko-only", code="KO",
                                          name_en="", name_ko="스마트 <교통> & 안전")
    both = Category.objects.create(edition=edition, slug="both", code="BO",
                                   name_en="Mobility & \"safety\"", name_ko="이동 및 안전")
    afternoon = EntryFactory(edition=edition, category=korean_only, submitted=True,
                             submitted_at=datetime(2023, 3, 1, 5, 0, tzinfo=UTC))
    ScreeningDecision.objects.create(entry=afternoon, decision=EntryStatus.ELIGIBLE, reason="a",
                                     released_at=datetime(2023, 3, 2, tzinfo=UTC))
    ScreeningDecision.objects.create(entry=afternoon, decision=EntryStatus.INELIGIBLE, reason="b")
    resent = EntryFactory(edition=edition, category=both, submitted=True,
                          submitted_at=datetime(2023, 12, 31, 15, 0, tzinfo=UTC))
    ScreeningDecision.objects.create(entry=resent, decision=EntryStatus.ELIGIBLE, reason="c")
    ScreeningDecision.objects.create(entry=resent, decision=EntryStatus.ELIGIBLE, reason="d",
                                     released_at=datetime(2024, 1, 2, tzinfo=UTC))
    Entry.objects.filter(pk=afternoon.pk).update(
        last_saved_at=datetime(2023, 3, 1, 14, 59, tzinfo=UTC))
    return edition


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("can_screen", [True, False])
def test_rows_are_the_markup_the_template_wrote(rows_of_every_kind, language, can_screen):
    edition = rows_of_every_kind
    user = UserFactory(is_superuser=True)
    with translation.override(language), timezone.override("Europe/Paris"):
        listed = EntriesList(QueryDict("status=all"), user=user, edition=edition)
        entries = listed.page.object_list
        assert len(entries) == 8
        ticked = {str(entries[1].pk), "999"}
        # The same entries, as model objects, in the list's order.
        objects = with_latest_decision(entries_screenable_by(user)).in_bulk(
            [row.pk for row in entries])
        expected = TEMPLATE_ROWS.render(Context({
            "page": [objects[row.pk] for row in entries], "edition": edition,
            "can_screen": can_screen, "selected": ticked}))
        written = entry_rows(entries, edition=edition, can_screen=can_screen, selected=ticked)
    assert written == expected
    assert written.count("<tr>") == 8
    assert written.count("not-released") == 2  # a decision not sent; a later one sent is not
    assert "스마트 &lt;교통&gt; &amp; 안전" in written  # no English name: the Korean one
    assert ("이동 및 안전" in written) is (language == "ko")
    assert ("not-released" in written) and ("text-bg-warning" in written)
    assert "&lt;script&gt;" in written and "<script>" not in written
    assert (" checked" in written) is can_screen
