"""Staff hide passages of an entry's free-text answers that name the entrant; judges of blind
rounds read "[redacted]" there, everyone else the answer as written."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from entries import redaction
from entries.models import Entry
from entries.redaction_models import Redaction
from entries.schema import Schema
from judging.enums import RoundStatus
from judging.models import Assignment
from prize.models import AuditEvent
from tests.factories import EntrantFactory, EntryFactory, EntryFormFactory
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db

# A form made for blind judging: the nominee, the website and the "About you" step name the
# entrant; the rest is read by judges of blind rounds.
BLIND_SCHEMA = {
    "title_field": "title",
    "steps": [
        {"key": "basics", "title": "The project", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True},
            {"key": "summary", "type": "textarea", "label": "Short summary", "required": True},
            {"key": "sectors", "type": "multichoice", "label": "Sectors",
             "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            {"key": "links", "type": "urls", "label": "Links"},
            {"key": "partners", "type": "table", "label": "Partners",
             "columns": [["name", "Name"], ["role", "Role"]]},
            {"key": "nominee", "type": "text", "label": "Nominee", "identifying": True},
            {"key": "website", "type": "url", "label": "Website", "identifying": True},
        ]},
        {"key": "about", "title": "About you", "identifying": True, "fields": [
            {"key": "history", "type": "textarea", "label": "Your history"},
        ]},
        {"key": "attachments", "title": "Attachments", "kind": "attachments"},
    ],
}

ANSWERS = {
    "title": "Smart crossings",
    "summary": "Our SEOUL pilot, run by the City of Seoul,\nhelps older people. 서울시는 "
               "Jae-won Lee 씨와 함께 합니다.",
    "sectors": ["mobility"],
    "links": ["https://seoul.example/crossings", "https://news.example/story"],
    "partners": [{"name": "Seoul Transport Lab", "role": "sensors"}],
    "nominee": "Jae-won Lee",
    "website": "https://www.seoul-mobility.example/",
    "history": "Founded in Seoul.",
}


@pytest.fixture
def blind_entry(season) -> Entry:
    form = season.entry.form
    form.schema = BLIND_SCHEMA
    form.save()
    entry = season.entry
    entry.answers = dict(ANSWERS)
    entry.title = ANSWERS["title"]
    entry.save()
    entrant = entry.entrant
    entrant.city = "Seoul"
    entrant.contact_email = "minji@gmail.com"
    entrant.save()
    return entry


def page_url(entry, *, edition=None) -> str:
    return reverse("entries:staff_redaction", args=[(edition or entry.edition).slug, entry.pk])


def add(entry, text, key="", by=None) -> Redaction:
    return redaction.redaction_add(entry=entry, schema=Schema.parse(entry.form.schema),
                                   text=text, field_key=key, by=by)


# --- Finding passages --------------------------------------------------------------------------


def test_a_passage_is_found_whatever_its_capitals_and_line_breaks():
    pattern = redaction.passage_pattern("  city of   SEOUL ")
    assert redaction.redact_text("Run by the City of\nSeoul, proudly.", [pattern]) == \
        "Run by the [redacted], proudly."


def test_korean_text_is_found_inside_words_and_whichever_way_it_was_typed():
    decomposed = unicodedata.normalize("NFD", "서울시는 안전합니다")
    assert decomposed != "서울시는 안전합니다"
    pattern = redaction.passage_pattern("서울")
    assert redaction.redact_text(decomposed, [pattern]) == "[redacted]시는 안전합니다"


def test_overlapping_passages_make_one_mark():
    patterns = [redaction.passage_pattern("City of Seoul"), redaction.passage_pattern("Seoul")]
    assert redaction.redact_text("The City of Seoul and Seoul.", patterns) == \
        "The [redacted] and [redacted]."


def test_suggestions_come_from_the_profile_members_and_identifying_answers(blind_entry):
    terms = redaction.suggestion_terms(blind_entry, Schema.parse(BLIND_SCHEMA),
                                       ["Hana Kim"])
    entrant = blind_entry.entrant
    assert {entrant.name, "Seoul", entrant.contact_name, "Hana Kim", "Jae-won Lee",
            "seoul-mobility.example"} <= set(terms)
    assert "gmail.com" not in terms  # a mail provider says nothing of who entered
    assert terms.index(entrant.name) < terms.index("Seoul")  # longest first


# --- Services ----------------------------------------------------------------------------------


def test_hiding_a_passage_keeps_the_answer_and_is_audited(blind_entry, season):
    by = season.users["secretariat"]
    hidden = add(blind_entry, "seoul", "summary", by=by)
    assert (hidden.text, hidden.field_key, hidden.created_by) == ("seoul", "summary", by)
    blind_entry.refresh_from_db()
    assert blind_entry.answers == ANSWERS
    event = AuditEvent.objects.get(action="redaction.add")
    assert (event.actor, event.target_id, event.edition_id) == (
        by, str(blind_entry.pk), blind_entry.edition_id)
    assert event.after == {"answer": "Short summary", "passage": "seoul"}


def test_removing_a_passage_is_audited(blind_entry, season):
    by = season.users["coordinator"]
    hidden = add(blind_entry, "Seoul", by=by)
    redaction.redaction_remove(redaction=hidden, schema=Schema.parse(BLIND_SCHEMA), by=by)
    assert not Redaction.objects.exists()
    event = AuditEvent.objects.get(action="redaction.remove")
    assert event.before == {"answer": "every answer", "passage": "Seoul"}
    assert event.actor == by


@pytest.mark.parametrize(("text", "key", "message"), [
    ("Busan", "summary", "is not in the answer “Short summary”"),
    ("Busan", "", "is in none of the answers judges read"),
    ("Seoul", "nominee", "Choose one of the answers listed"),  # judges never see it
    ("Seoul", "history", "Choose one of the answers listed"),  # an identifying step
    ("Seoul", "no-such-field", "Choose one of the answers listed"),
    ("S", "summary", "at least 2 characters"),
    ("Seoul " * 100, "summary", "at most 300 characters"),
    ("Se\x00oul", "summary", "cannot be stored"),
])
def test_a_passage_that_cannot_be_hidden_says_why(blind_entry, text, key, message):
    with pytest.raises(redaction.RedactionError, match=message):
        add(blind_entry, text, key)
    assert not Redaction.objects.exists()


def test_a_passage_hidden_already_is_refused(blind_entry):
    add(blind_entry, "Seoul", "summary")
    with pytest.raises(redaction.RedactionError, match="already hidden in this answer"):
        add(blind_entry, "SEOUL", "summary")
    add(blind_entry, "seoul")
    with pytest.raises(redaction.RedactionError, match="already hidden in every answer"):
        add(blind_entry, "Seoul", "links")
    assert Redaction.objects.count() == 2


# --- The staff page ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretariat", "coordinator", "superuser"])
def test_staff_see_the_answers_with_suggestions_marked(blind_entry, season, persona):
    response = season.client(persona).get(page_url(blind_entry))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<mark class="redaction-suggestion">SEOUL</mark> pilot' in page
    assert '<mark class="redaction-suggestion">City of Seoul</mark>' in page
    assert '<mark class="redaction-suggestion">Jae-won Lee</mark> 씨와' in page
    assert '<mark class="redaction-suggestion">Seoul</mark> Transport Lab' in page
    assert "Founded in Seoul" not in page  # an identifying step: judges never read it
    assert 'name="text" value="City of Seoul"' in page


@pytest.mark.parametrize("persona", ["entrant", "other_entrant", "judge"])
def test_others_do_not_find_the_page(blind_entry, season, persona):
    client = season.client(persona)
    assert client.get(page_url(blind_entry)).status_code == 404
    assert client.post(page_url(blind_entry), {"text": "Seoul", "field": ""}).status_code == 404
    assert not Redaction.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(blind_entry, season):
    response = season.client("anonymous").get(page_url(blind_entry))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_of_another_edition_do_not_find_the_entry(blind_entry, season):
    from tests.factories import EditionFactory, RoleFactory, UserFactory

    other = EditionFactory(is_current=False)
    stranger = UserFactory()
    RoleFactory(user=stranger, edition=other, role="secretariat")
    client = season.client("anonymous")
    client.force_login(stranger, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(page_url(blind_entry)).status_code == 404
    assert client.get(page_url(blind_entry, edition=other)).status_code == 404


def test_hiding_a_suggestion_in_one_answer(blind_entry, season):
    client = season.client("secretariat")
    response = client.post(page_url(blind_entry), {"text": "Seoul", "field": "summary"},
                           follow=True)
    page = response.content.decode()
    assert "“Seoul” is hidden from judges of blind rounds in Short summary." in page
    assert '<mark class="redaction-hidden">SEOUL</mark> pilot' in page
    assert 'City of <mark class="redaction-hidden">Seoul</mark>,' in page
    assert '<mark class="redaction-suggestion">Seoul</mark> Transport Lab' in page
    assert "(found 2 times)" in page


def test_hiding_a_typed_passage_in_every_answer(blind_entry, season):
    client = season.client("coordinator")
    response = client.post(page_url(blind_entry), {"text": "seoul", "field": ""}, follow=True)
    page = response.content.decode()
    assert "in every answer of the entry" in page
    assert '<mark class="redaction-hidden">Seoul</mark> Transport Lab' in page
    assert '<mark class="redaction-hidden">seoul</mark>.example/crossings' in page
    assert "(found 4 times)" in page


@pytest.mark.parametrize(("data", "message", "kept"), [
    ({"text": "Busan", "field": "summary"}, "is not in the answer “Short summary”",
     'value="Busan"'),
    ({"text": "x" * 1_000_000, "field": "summary"}, "at most 300 characters", None),
    ({"text": "Seoul", "field": "nominee"}, "Choose one of the answers listed",
     'value="Seoul"'),
    ({"text": "", "field": "summary"}, "Type the passage to hide.", None),
    ({"text": "a\x00b\x01😀 日本語", "field": ""}, "is in none of the answers",
     'value="ab😀 日本語"'),
    # a field sent twice: the last value counts, as in any form
    ({"text": ["Seoul", "Busan"], "field": ["summary", "links"]},
     "is not in the answer “Links”", 'value="Busan"'),
])
def test_bad_input_keeps_what_was_typed_and_says_why(blind_entry, season, data, message, kept):
    response = season.client("secretariat").post(page_url(blind_entry), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Nothing was hidden: please correct the form." in page
    if kept:
        assert kept in page
    assert not Redaction.objects.exists()


def test_the_entrys_history_tells_what_was_hidden_and_shown_again(blind_entry, season):
    hidden = add(blind_entry, "Seoul", "summary", by=season.users["secretariat"])
    redaction.redaction_remove(redaction=hidden, schema=Schema.parse(BLIND_SCHEMA),
                               by=season.users["coordinator"])
    url = reverse("entries:staff_entry", args=[season.edition.slug, blind_entry.pk])
    page = season.client("secretariat").get(url).content.decode()
    history = page.split('id="history-title"')[1].split("</section>")[0]
    assert "Passage hidden from blind rounds" in history
    assert "Passage shown to blind rounds again" in history
    assert "Short summary" in history and "Seoul" in history


def test_removing_a_hidden_passage(blind_entry, season):
    hidden = add(blind_entry, "Seoul", "summary")
    client = season.client("secretariat")
    url = reverse("entries:staff_redaction_remove",
                  args=[blind_entry.edition.slug, blind_entry.pk, hidden.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "“Seoul” is shown to judges of blind rounds again." in response.content.decode()
    assert not Redaction.objects.exists()
    assert AuditEvent.objects.filter(action="redaction.remove").count() == 1


def test_another_entrys_redaction_is_not_found(blind_entry, season):
    other = EntryFactory(edition=season.edition, category=season.category,
                         entrant=EntrantFactory(), form=blind_entry.form, submitted=True,
                         answers={**ANSWERS})
    theirs = add(other, "Seoul")
    url = reverse("entries:staff_redaction_remove",
                  args=[blind_entry.edition.slug, blind_entry.pk, theirs.pk])
    assert season.client("secretariat").post(url).status_code == 404
    assert Redaction.objects.filter(pk=theirs.pk).exists()


def test_a_redaction_follows_the_edited_answer_or_is_reported(blind_entry, season):
    add(blind_entry, "City of Seoul", "summary")
    add(blind_entry, "Transport Lab")
    blind_entry.answers = {**ANSWERS, "summary": "Now the city of seoul leads it.",
                           "partners": []}
    blind_entry.save()
    page = season.client("secretariat").get(page_url(blind_entry)).content.decode()
    assert '<mark class="redaction-hidden">city of seoul</mark> leads it.' in page
    stale = page.split('id="stale-title"')[1].split("</section>")[0]
    assert "“Transport Lab”" in stale and "“City of Seoul”" not in stale


def test_a_city_answer_can_be_hidden_and_an_unasked_answer_is_not_offered(blind_entry, season):
    schema = {**BLIND_SCHEMA, "steps": [
        {**BLIND_SCHEMA["steps"][0], "fields": [
            *BLIND_SCHEMA["steps"][0]["fields"],
            {"key": "base", "type": "city", "label": "Where it runs"},
            {"key": "energy_notes", "type": "textarea", "label": "Energy notes",
             "show_if": {"field": "sectors", "in": ["energy"]}},
        ]}, *BLIND_SCHEMA["steps"][1:]]}
    blind_entry.form.schema = schema
    blind_entry.form.save()
    blind_entry.answers = {**ANSWERS, "base": "Seoul", "energy_notes": "Seoul grid"}
    blind_entry.save()
    client = season.client("secretariat")
    page = client.get(page_url(blind_entry)).content.decode()
    assert 'id="answer-base"' in page and 'id="answer-energy_notes"' not in page
    assert client.post(page_url(blind_entry), {"text": "seoul", "field": "base"}).status_code \
        == 302
    response = client.post(page_url(blind_entry), {"text": "grid", "field": "energy_notes"})
    assert "Choose one of the answers listed" in response.content.decode()


def test_a_form_that_cannot_be_read(blind_entry, season):
    blind_entry.form.schema = {"steps": "broken"}
    blind_entry.form.save()
    client = season.client("secretariat")
    assert "cannot be read" in client.get(page_url(blind_entry)).content.decode()
    assert client.post(page_url(blind_entry), {"text": "Seoul"}).status_code == 400


def test_the_staff_entry_page_links_to_it(blind_entry, season):
    url = reverse("entries:staff_entry", args=[season.edition.slug, blind_entry.pk])
    client = season.client("coordinator")
    page = client.get(url).content.decode()
    assert f'href="{page_url(blind_entry)}"' in page
    assert "Nothing hidden yet." in page
    add(blind_entry, "Seoul")
    add(blind_entry, "pilot", "summary")
    assert "2 passages hidden." in client.get(url).content.decode()


def test_the_page_makes_as_many_queries_with_many_passages(blind_entry, season,
                                                           count_queries):
    client = season.client("secretariat")
    url = page_url(blind_entry)
    client.get(url)
    counts = []
    for words in (["Seoul"], ["pilot", "older", "people", "sensors", "crossings", "함께",
                              "Transport", "Lab", "news", "story", "run by"]):
        for word in words:
            add(blind_entry, word)
        blind_entry.answers = {**ANSWERS, "partners": ANSWERS["partners"] * len(words)}
        blind_entry.save()
        counts.append(count_queries(lambda: client.get(url)))
    assert counts[0] == counts[1]


# --- What judges read --------------------------------------------------------------------------


@pytest.fixture
def judged(judging, blind_entry):  # noqa: F811 (the fixture by name)
    judging.round.blind = True
    judging.round.save()
    return judging


def review_page(judged) -> str:
    url = reverse("judging:review", args=[judged.round.pk, judged.entry.pk])
    response = judged.client("judge").get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_judges_of_a_blind_round_read_redacted(judged):
    add(judged.entry, "Seoul", "summary")
    add(judged.entry, "seoul")  # every answer
    add(judged.entry, "Jae-won Lee", "summary")
    add(judged.entry, "서울", "summary")
    page = review_page(judged)
    assert "Our [redacted] pilot, run by the City of [redacted]," in page
    assert "[redacted]시는 [redacted] 씨와 함께 합니다." in page
    assert "[redacted] Transport Lab" in page
    # a link whose text loses a passage is no longer a link
    assert "https://[redacted].example/crossings" in page
    assert 'href="https://seoul.example/crossings"' not in page
    assert 'href="https://news.example/story"' in page
    assert "Seoul Transport" not in page and "Jae-won" not in page


def test_judges_of_an_open_round_and_staff_read_the_original(judged):
    add(judged.entry, "Seoul")
    judged.round.blind = False
    judged.round.save()
    page = review_page(judged)
    assert "Our SEOUL pilot, run by the City of Seoul," in page
    assert "[redacted]" not in page
    url = reverse("entries:staff_entry", args=[judged.season.edition.slug, judged.entry.pk])
    staff = judged.client("secretariat").get(url).content.decode()
    assert "Our SEOUL pilot" in staff and "[redacted]" not in staff


def test_a_title_with_a_hidden_passage_is_hidden_in_a_blind_round(judged):
    judged.entry.answers = {**ANSWERS, "title": "Smart crossings of Seoul"}
    judged.entry.title = "Smart crossings of Seoul"
    judged.entry.save()
    assert "Smart crossings of Seoul" in review_page(judged)  # the title, and its answer
    add(judged.entry, "seoul")
    page = review_page(judged)
    assert "Smart crossings of Seoul" not in page
    assert "Smart crossings of [redacted]" in page  # the answer, in the answers
    dashboard = judged.client("judge").get(reverse("judging:dashboard")).content.decode()
    assert "Smart crossings of Seoul" not in dashboard
    assert judged.entry.reference in dashboard


def test_the_dashboard_loads_every_entrys_redactions_at_once(judging, count_queries):  # noqa: F811
    judging.round.blind = True
    judging.round.save()
    client = judging.client("second_judge")  # assigned every entry
    url = reverse("judging:dashboard")
    client.get(url)
    before = count_queries(lambda: client.get(url))
    for entry in judging.entries:
        add(entry, entry.title.split()[0])
    extra = EntryFactory(edition=judging.season.edition, category=judging.season.category,
                         form=judging.entry.form, status="eligible", reference="SCP00-TI-0099")
    from tests.factories import RoundEntryFactory

    RoundEntryFactory(round=judging.round, entry=extra)
    Assignment.objects.create(round=judging.round, entry=extra,
                              judge=judging.users["second_judge"])
    add(extra, extra.title.split()[0])
    assert count_queries(lambda: client.get(url)) == before
    assert judging.round.status == RoundStatus.OPEN


def test_the_scoring_page_reads_redactions_in_one_query(judged, count_queries):
    url = reverse("judging:review", args=[judged.round.pk, judged.entry.pk])
    client = judged.client("judge")
    add(judged.entry, "Seoul")
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for word in ("pilot", "older", "people", "Transport", "Lab", "함께"):
        add(judged.entry, word)
    assert count_queries(lambda: client.get(url)) == one


# --- What entrants are told --------------------------------------------------------------------


def test_the_entry_form_says_what_to_leave_out_and_that_passages_may_be_hidden(season):
    form = EntryFormFactory(edition=season.edition, schema=BLIND_SCHEMA)
    draft = season.draft
    draft.form = form
    draft.save()
    url = reverse("entries:step", args=[draft.pk, "basics"])
    page = season.client("entrant").get(url).content.decode()
    assert "your city or region" in page
    assert "people: officials, staff, residents" in page
    assert "they read “[redacted]” instead" in page


def test_the_admin_lists_redactions_read_only(blind_entry, season):
    add(blind_entry, "Seoul", "summary")
    client = season.client("superuser")
    page = client.get(reverse("admin:entries_redaction_changelist")).content.decode()
    assert "Seoul" in page and blind_entry.reference in page
    assert client.get(reverse("admin:entries_redaction_add")).status_code == 403
