"""The rows of the secretariat's entries list are written in Python (``entries.list_rows``) for
speed; they must be the markup the list's template wrote, cell for cell, in every state a row
can show: drafts without reference or title, changes not submitted, a decision not yet sent,
WeGO members, text that needs escaping, ticked rows, and in Korean as in English."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import timezone, translation

from entries.enums import EntryStatus
from entries.filters import EntriesList
from entries.list_rows import entry_rows
from entries.models import ScreeningDecision
from prize.enums import EntrantKind
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
    return edition


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("can_screen", [True, False])
def test_rows_are_the_markup_the_template_wrote(rows_of_every_kind, language, can_screen):
    edition = rows_of_every_kind
    user = UserFactory(is_superuser=True)
    with translation.override(language), timezone.override("Europe/Paris"):
        listed = EntriesList(QueryDict("status=all"), user=user, edition=edition)
        entries = listed.page.object_list
        assert len(entries) == 6
        ticked = {str(entries[1].pk), "999"}
        expected = TEMPLATE_ROWS.render(Context({
            "page": listed.page, "edition": edition, "can_screen": can_screen,
            "selected": ticked}))
        written = entry_rows(entries, edition=edition, can_screen=can_screen, selected=ticked)
    assert written == expected
    assert written.count("<tr>") == 6
    assert ("not-released" in written) and ("text-bg-warning" in written)
    assert "&lt;script&gt;" in written and "<script>" not in written
    assert (" checked" in written) is can_screen
