"""The "changes received" e-mail goes to every member of the entrant's team in their own
language, the changed answers named by the form's labels in that language, whatever the language
of the member who submitted the changes."""

import copy

import pytest
from django.urls import reverse

from prize.models import Notification
from tests.entries.test_changes_after_submission import BASICS, save
from tests.factories import EntrantMemberFactory

pytestmark = pytest.mark.django_db


def test_each_member_reads_the_changed_answers_in_their_language(season):
    entry = season.entry
    schema = copy.deepcopy(entry.form.schema)
    for step in schema["steps"]:
        for field in step.get("fields", []):
            if field["key"] == "title":
                field["translations"] = {"ko": {"label": "사업명"}}
    entry.form.schema = schema
    entry.form.save()
    edition = season.edition
    edition.name_ko = "2023년 회차"
    edition.save()
    submitter = season.users["entrant"]
    submitter.language = "ko"
    submitter.save(update_fields=["language"])
    colleague = EntrantMemberFactory(entrant=season.entrant, role="collaborator",
                                     user__email="colleague@example.org",
                                     user__language="en").user
    client = season.client("entrant")
    save(client, entry, {**BASICS, "title": "Safer crossings for Seoul"})
    assert client.post(reverse("entries:submit", args=[entry.pk])).status_code == 302

    sent = {n.recipient_id: n.context for n in
            Notification.objects.filter(template="entries/changes_received")}
    assert sent[submitter.pk]["changed"] == ["사업명"]
    assert sent[submitter.pk]["edition"] == "2023년 회차"
    assert sent[colleague.pk]["changed"] == ["Project title"]
    assert sent[colleague.pk]["edition"] == edition.name_en
