"""An entry form or an entrant with entries is never deleted in the admin: refused with what
depends on it and what to do instead."""

import pytest

from entries.models import Entrant, EntryForm
from prize.deletion import refusal
from tests.factories import EntryFormFactory
from tests.prize.test_config_deletions import assert_admin_refuses

pytestmark = pytest.mark.django_db


def test_entry_form_with_entries_and_entrant_with_entries_are_refused(season, admin_client):
    form = season.entry.form
    message = refusal(form)
    assert "1 entry" in message or "entries" in message
    assert message.endswith("Keep the form: make a new form and use it for the categories that "
                            "should change instead.")
    assert_admin_refuses(admin_client, form, message)
    assert EntryForm.objects.filter(pk=form.pk).exists()
    unused = EntryFormFactory(edition=season.edition)
    assert refusal(unused) == ""

    entrant = season.entry.entrant
    assert_admin_refuses(admin_client, entrant, refusal(entrant))
    assert Entrant.objects.filter(pk=entrant.pk).exists()
