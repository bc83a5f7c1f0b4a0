"""Application forms in two languages: each text of a form (a step's title and introduction, a
field's label and help, the labels of its options, columns and currencies) may carry a Korean
version under ``"translations"``; a form reads in the language of the person looking at it,
falling back to its own text, and never changes its keys, types, limits or conditions with the
language. The builder edits the versions side by side; the form's own messages are translated."""

import copy
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from entries import builder
from entries import schema as form_schema
from entries.forms_2023 import forms_2023
from entries.models import EntryForm
from entries.schema import AS_WRITTEN, Schema, SchemaError, localise, missing_translations
from tests.factories import COMPLETE_ANSWERS, EntryFormFactory

FORM = {
    "title_field": "title",
    "steps": [
        {"key": "basics", "title": "The project", "intro": "The essentials.",
         "translations": {"ko": {"title": "사업 개요", "intro": "핵심 내용입니다."}},
         "fields": [
             {"key": "title", "type": "text", "label": "Project title", "required": True,
              "max_length": 200, "help": "A short name.",
              "translations": {"ko": {"label": "사업명", "help": ""}}},
             {"key": "summary", "type": "textarea", "label": "Short summary",
              "required": True, "max_words": 5,
              "translations": {"ko": {"label": "사업 요약"}}},
             {"key": "sectors", "type": "multichoice", "label": "Sectors", "required": True,
              "choices": [["mobility", "Mobility"], ["energy", "Energy"]],
              "translations": {"ko": {"label": "분야", "choices": {"mobility": "교통"}}}},
             {"key": "team", "type": "table", "label": "Team",
              "columns": [["name", "Name"], ["role", "Role"]],
              "translations": {"ko": {"columns": {"name": "이름", "role": "역할"}}}},
             {"key": "cost", "type": "money", "label": "Cost",
              "currencies": [["KRW", "Korean won"], ["USD", "US dollar"]],
              "translations": {"ko": {"label": "비용", "currencies": {"KRW": "원"}}}},
             {"key": "why", "type": "text", "label": "Why energy",
              "show_if": {"field": "sectors", "in": ["energy"]}},
         ]},
        {"key": "budget", "title": "Budget", "fields": [
            {"key": "budget_amount", "type": "number", "label": "Budget", "required": True,
             "min": 0},
            {"key": "links", "type": "urls", "label": "Links", "max_items": 3},
        ]},
        {"key": "attachments", "title": "Attachments", "kind": "attachments"},
    ],
}


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in Korean leaves Korean active in the thread: the next test starts in
    English, as the platform does."""
    yield
    translation.activate("en")


def structure(schema: Schema):
    """Everything of a parsed form but its texts."""
    return (schema.title_field, [
        (s.key, s.kind, s.max_files, s.max_mb, s.min_files, s.identifying, s.blind_variant,
         s.types, [(f.key, f.type, f.required, f.max_length, f.max_words, f.min, f.max,
                    f.min_items, f.max_items, f.identifying, f.public,
                    [v for v, _label in f.choices], [k for k, _label in f.columns],
                    [c for c, _name in f.currencies],
                    (f.show_if.field.key, f.show_if.values) if f.show_if else None)
                   for f in s.fields])
        for s in schema.steps])


# --- Reading a form in a language ----------------------------------------------------------------


def test_a_form_reads_in_korean_and_falls_back_to_its_own_text_where_korean_is_missing():
    korean = Schema.parse(FORM, language="ko")

    basics = korean.step("basics")
    assert (basics.title, basics.intro) == ("사업 개요", "핵심 내용입니다.")
    title = korean.fields_by_key["title"]
    assert (title.label, title.help) == ("사업명", "A short name.")  # a blank help falls back
    assert korean.fields_by_key["sectors"].choices == (("mobility", "교통"),
                                                       ("energy", "Energy"))
    assert korean.fields_by_key["team"].columns == (("name", "이름"), ("role", "역할"))
    assert korean.fields_by_key["cost"].currencies == (("KRW", "원"), ("USD", "US dollar"))
    assert korean.fields_by_key["why"].label == "Why energy"
    assert korean.step("budget").title == "Budget"
    english = Schema.parse(FORM, language="en")
    assert english.fields_by_key["title"].label == "Project title"
    assert english.fields_by_key["sectors"].choices == (("mobility", "Mobility"),
                                                        ("energy", "Energy"))


def test_the_active_language_is_the_default_and_as_written_keeps_the_forms_own_text():
    with translation.override("ko"):
        assert Schema.parse(FORM).step("basics").title == "사업 개요"
        assert Schema.parse(FORM, language=AS_WRITTEN).step("basics").title == "The project"
    with translation.override("en"):
        assert Schema.parse(FORM).step("basics").title == "The project"


def test_a_form_written_in_korean_reads_in_english_from_its_translations():
    written_in_korean = {"language": "ko", "title_field": "title", "steps": [
        {"key": "a", "title": "기본 정보", "translations": {"en": {"title": "Basics"}},
         "fields": [{"key": "title", "type": "text", "label": "사업명"}]}]}

    assert Schema.parse(written_in_korean, language="en").steps[0].title == "Basics"
    assert Schema.parse(written_in_korean, language="ko").steps[0].title == "기본 정보"
    assert missing_translations(written_in_korean, "en")[0].original == "사업명"


def test_localising_leaves_the_stored_form_as_it_was():
    before = copy.deepcopy(FORM)

    localised = localise(FORM, "ko")

    assert before == FORM
    assert localised["steps"][0]["title"] == "사업 개요"
    assert localise(FORM, "en") is FORM


def test_what_has_no_korean_yet_is_listed_in_form_order():
    missing = missing_translations(FORM, "ko")

    assert [(m.field or m.step, m.text, m.value, m.original) for m in missing] == [
        ("title", "help", "", "A short name."),
        ("sectors", "choices", "energy", "Energy"),
        ("team", "label", "", "Team"),
        ("cost", "currencies", "USD", "US dollar"),
        ("why", "label", "", "Why energy"),
        ("budget", "title", "", "Budget"),
        ("budget_amount", "label", "", "Budget"),
        ("links", "label", "", "Links"),
        ("attachments", "title", "", "Attachments"),
    ]
    assert missing_translations(FORM, "en") == []


# Random forms: texts, options and limits drawn at random, translated or not.
_texts = st.text(min_size=0, max_size=12)
_keys = st.from_regex(r"[a-z]{1,6}", fullmatch=True)


@st.composite
def random_forms(draw):
    steps, used = [], set()
    for n in range(draw(st.integers(1, 3))):
        fields = []
        for _m in range(draw(st.integers(0 if n else 1, 4))):
            key = draw(_keys.filter(lambda k: k not in used))
            used.add(key)
            kind = draw(st.sampled_from(["text", "textarea", "choice", "multichoice",
                                         "table", "number", "money"]))
            f = {"key": key, "type": kind, "label": draw(_texts) or key,
                 "required": draw(st.booleans()), "help": draw(_texts)}
            values = draw(st.lists(_keys, min_size=1, max_size=4, unique=True))
            if kind in {"choice", "multichoice"}:
                f["choices"] = [[v, draw(_texts)] for v in values]
            if kind == "table":
                f["columns"] = [[v, draw(_texts)] for v in values]
            if kind == "money":
                f["currencies"] = [[v.upper(), draw(_texts)] for v in values]
            if kind in {"text", "textarea"}:
                f["max_length"] = draw(st.integers(1, 500))
            translation_of = {}
            for name in ("label", "help"):
                if draw(st.booleans()):
                    translation_of[name] = draw(_texts)
            for name in ("choices", "columns", "currencies"):
                if name in f and draw(st.booleans()):
                    translation_of[name] = {str(v): draw(_texts) for v, _l in f[name]
                                            if draw(st.booleans())}
            if translation_of:
                f["translations"] = {"ko": translation_of}
            fields.append(f)
        step = {"key": f"s{n}", "title": draw(_texts), "fields": fields}
        if draw(st.booleans()):
            step["translations"] = {"ko": {"title": draw(_texts), "intro": draw(_texts)}}
        steps.append(step)
    title = next(f["key"] for s in steps for f in s["fields"])
    return {"title_field": title, "steps": steps}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_forms())
def test_localising_never_changes_keys_types_limits_or_conditions(data):
    written = Schema.parse(data, language=AS_WRITTEN)
    korean = Schema.parse(data, language="ko")

    assert structure(korean) == structure(written)
    for f in korean.fields_by_key.values():
        own = written.fields_by_key[f.key]
        wanted = ((data_field(data, f.key).get("translations") or {}).get("ko") or {})
        assert f.label == (wanted.get("label") if (wanted.get("label") or "").strip()
                           else own.label)


def data_field(data, key):
    return next(f for s in data["steps"] for f in s["fields"] if f["key"] == key)


# --- Translations the platform cannot use --------------------------------------------------------


def with_translations(where: str, translations):
    data = copy.deepcopy(FORM)
    item = data["steps"][0] if where == "step" else data["steps"][0]["fields"][2]
    item["translations"] = translations
    return data


@pytest.mark.parametrize(("where", "translations", "message"), [
    ("field", ["ko", "분야"], "The translations of field 'sectors' are an object"),
    ("field", {"fr": {"label": "Secteurs"}}, "has a translation in 'fr', which is not a "
                                             "language of the platform (en, ko)"),
    ("field", {"en": {"label": "Sectors"}}, "the language the form is written in"),
    ("field", {"ko": "분야"}, "The 'ko' translation of field 'sectors' is an object of texts"),
    ("field", {"ko": {"title": "분야"}}, "has 'title', which it cannot translate"),
    ("field", {"ko": {"label": ["분야"]}}, "'label' is a text"),
    ("field", {"ko": {"choices": [["mobility", "교통"]]}}, "is an object from each value"),
    ("field", {"ko": {"choices": {"mobility": 3}}}, "is an object from each value"),
    ("field", {"ko": {"choices": {"transport": "교통"}}},
     "names 'transport' in 'choices', which the field does not have"),
    ("field", {"ko": {"columns": {"name": "이름"}}},
     "names 'name' in 'columns', which the field does not have"),
    ("step", {"ko": {"label": "개요"}}, "The 'ko' translation of step 'basics' has 'label'"),
    ("step", {"ko": {"intro": None}}, "'intro' is a text"),
])
def test_translations_the_platform_cannot_use_are_refused_saying_why(where, translations,
                                                                     message):
    with pytest.raises(SchemaError, match=re.escape(message)):
        Schema.parse(with_translations(where, translations), language=AS_WRITTEN)
    # read in Korean too: the same refusal, not a crash
    with pytest.raises(SchemaError):
        Schema.parse(with_translations(where, translations), language="ko")


def test_a_form_in_an_unknown_language_is_refused():
    with pytest.raises(SchemaError, match="The form's language 'xx' is not a language"):
        Schema.parse({**FORM, "language": "xx"})


# --- The form's own messages ---------------------------------------------------------------------


@pytest.fixture
def korean_catalogue():
    """A Korean translation of some of the form's messages, as the catalogue gives them (so
    a message that does not go through gettext, or under another msgid, stays English)."""
    messages = {
        "%(label)s is required.": "%(label)s 항목을 입력해 주십시오.",
        "%(label)s has %(count)s words; the limit is %(limit)s.":
            "%(label)s: %(count)s단어입니다. %(limit)s단어 이내로 줄여 주십시오.",
        "%(label)s is too long: %(count)s characters, at most %(limit)s.":
            "%(label)s을(를) %(limit)s자 이내로 줄여 주십시오(현재 %(count)s자).",
    }
    with translation.override("ko"):
        catalog = translation.trans_real.translation("ko")._catalog
        before = {key: catalog.get(key) for key in messages}
        for key, text in messages.items():
            catalog[key] = text
    yield messages
    for key, text in before.items():
        if text is None:
            for part in catalog._catalogs:
                part.pop(key, None)
        else:
            catalog[key] = text


def test_the_forms_messages_are_translated_and_quote_the_label_in_that_language(
        korean_catalogue):
    with translation.override("ko"):
        schema = Schema.parse(FORM)
        problems = form_schema.missing(schema, {"title": "", "summary": "하나 둘 셋 넷 다섯 여섯",
                                                "sectors": ["mobility"],
                                                "budget_amount": "1"})
        too_long = form_schema.limit_errors(schema.fields_by_key["title"], "가" * 201)

    assert [(p.step_title, p.message) for p in problems] == [
        ("사업 개요", "사업명 항목을 입력해 주십시오."),
        ("사업 개요", "사업 요약: 6단어입니다. 5단어 이내로 줄여 주십시오."),
    ]
    assert too_long == ["사업명을(를) 200자 이내로 줄여 주십시오(현재 201자)."]
    with translation.override("en"):
        english = form_schema.missing(Schema.parse(FORM), {"summary": "x"})
    assert english[0].message == "Project title is required."


# --- Answers in either language ------------------------------------------------------------------


def test_korean_words_are_counted_as_written_between_spaces():
    assert form_schema.count_words("스마트 도시 정책을 시민과 함께 만듭니다") == 6
    assert form_schema.count_words("Smart crossings 스마트 횡단보도") == 4


def test_characters_are_counted_as_people_see_them_not_as_bytes_or_jamo():
    decomposed = "\u1112\u1161\u11ab\u1100\u1173\u11af"  # 한글 typed as six jamo
    title = Schema.parse(FORM, language="en").fields_by_key["title"]

    assert form_schema.char_count(decomposed) == 2
    assert form_schema.limit_errors(title, "가" * 200) == []
    assert form_schema.field_errors(title, "가" * 200, required=True) == []
    assert form_schema.field_errors(title, decomposed * 100, required=True) == []
    assert form_schema.field_errors(title, "가" * 201, required=True) == [
        "Project title is too long: 201 characters, at most 200."]


# --- The 2023 forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "name", "data"), forms_2023(), ids=lambda v: str(v)[:20])
def test_every_text_of_the_2023_forms_is_in_korean(slug, name, data):
    assert missing_translations(data, "ko") == []
    korean, english = Schema.parse(data, language="ko"), Schema.parse(data, language="en")
    assert structure(korean) == structure(english)
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for step in korean.steps:
        assert hangul.search(step.title), step.title
        for f in step.fields:
            assert hangul.search(f.label), f.label
            assert all(hangul.search(label) for _v, label in f.choices + f.columns)


# --- Pages in the reader's language --------------------------------------------------------------

KO = {"HTTP_ACCEPT_LANGUAGE": "ko"}


def speaks_korean(user):
    user.language = "ko"
    user.save(update_fields=["language"])


@pytest.fixture
def korean_form(season):
    """The season's entries use ``FORM`` (with Korean)."""
    form = season.entry.form
    form.schema = copy.deepcopy(FORM)
    form.save()
    for entry in (season.entry, season.draft):
        entry.form = form
        entry.answers = {**COMPLETE_ANSWERS, "title": "스마트 횡단보도"}
        entry.save()
    return form


@pytest.mark.django_db
def test_an_entrant_reading_korean_sees_the_form_in_korean(season, korean_form):
    speaks_korean(season.users["entrant"])
    client = season.client("entrant")

    step = client.get(reverse("entries:step", args=[season.draft.pk, "basics"]), **KO)
    review = client.get(reverse("entries:review", args=[season.draft.pk]), **KO)
    detail = client.get(reverse("entries:entry_detail", args=[season.entry.pk]), **KO)

    page = step.content.decode()
    assert step.status_code == 200
    assert "사업 개요" in page and "사업명" in page and "교통" in page
    assert "Energy" in page  # no Korean for this option: the form's own label
    assert "Project title" not in page
    assert "사업명" in detail.content.decode() and "Project title" not in detail.content.decode()
    assert review.status_code == 200 and "사업 개요" in review.content.decode()


@pytest.mark.django_db
def test_the_pdf_copy_of_a_korean_readers_entry_has_the_korean_labels(season, korean_form):
    speaks_korean(season.users["entrant"])

    response = season.client("entrant").get(
        reverse("entries:entry_copy", args=[season.entry.pk]), **KO)

    text = "".join(page.extract_text() for page in PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming
                   else response.content)).pages)
    flat = re.sub(r"\s+", "", text)
    assert response.status_code == 200
    assert "사업명" in flat and "사업개요" in flat and "스마트횡단보도" in flat
    assert "Projecttitle" not in flat


@pytest.mark.django_db
def test_an_english_reader_sees_the_same_entry_in_english(season, korean_form):
    page = season.client("entrant").get(
        reverse("entries:entry_detail", args=[season.entry.pk])).content.decode()

    assert "Project title" in page and "사업명" not in page
    assert "스마트 횡단보도" in page  # the answer as written


# --- The builder ---------------------------------------------------------------------------------


def build_url(season, name, form, *keys):
    return reverse(f"entries:{name}", args=[season.edition.slug, form.pk, *keys])


def post(client, target, form, data):
    form.refresh_from_db()
    return client.post(target, {"version": builder.version(form.schema), **data})


@pytest.fixture
def blank(season):
    return builder.form_new(edition=season.edition, name="Form for cities",
                            by=season.users["secretariat"])


@pytest.mark.django_db
def test_the_builder_edits_each_text_beside_its_korean_version(season, blank):
    staff = season.client("secretariat")
    step_key = blank.schema["steps"][0]["key"]

    page = staff.get(build_url(season, "staff_form_step", blank, step_key)).content.decode()
    assert re.search(r'<input[^>]*name="title__ko"[^>]*lang="ko"|<input[^>]*lang="ko"[^>]*'
                     r'name="title__ko"', page)
    assert "Title (한국어)" in page and "Title (English)" in page

    response = post(staff, build_url(season, "staff_form_field_add", blank, step_key), blank, {
        "type": "choice", "label": "Sector", "label__ko": "분야", "help": "Pick one.",
        "help__ko": "", "choices": "mobility | Mobility\nenergy | Energy",
        "choices__ko": "mobility | 교통\nenergy |"})
    assert response.status_code == 302
    blank.refresh_from_db()
    field = blank.schema["steps"][0]["fields"][-1]
    assert field["translations"] == {"ko": {"label": "분야", "choices": {"mobility": "교통"}}}

    post(staff, build_url(season, "staff_form_step", blank, step_key), blank, {
        "title": "The project", "title__ko": "사업 개요", "kind": "fields"})
    blank.refresh_from_db()
    assert blank.schema["steps"][0]["translations"] == {"ko": {"title": "사업 개요"}}
    edit = staff.get(build_url(season, "staff_form_field", blank, field["key"])).content.decode()
    assert "mobility | 교통\nenergy |</textarea>" in edit

    built = staff.get(build_url(season, "staff_form_build", blank)).content.decode()
    # left without Korean: the title field's label, the help and the option "Energy"
    assert "3 texts have no 한국어 version yet" in built
    assert "Pick one." in built and "Energy" in built


@pytest.mark.django_db
def test_changing_a_fields_options_drops_the_korean_of_options_it_no_longer_has(season, blank):
    staff = season.client("secretariat")
    step_key = blank.schema["steps"][0]["key"]
    post(staff, build_url(season, "staff_form_field_add", blank, step_key), blank, {
        "type": "choice", "label": "Sector", "choices": "mobility | Mobility\nenergy | Energy",
        "choices__ko": "mobility | 교통\nenergy | 에너지"})
    blank.refresh_from_db()
    key = blank.schema["steps"][0]["fields"][-1]["key"]

    response = post(staff, build_url(season, "staff_form_field", blank, key), blank, {
        "type": "text", "label": "Sector", "label__ko": "분야"})

    assert response.status_code == 302
    blank.refresh_from_db()
    assert blank.schema["steps"][0]["fields"][-1]["translations"] == {"ko": {"label": "분야"}}
    Schema.parse(blank.schema)


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({"label__ko": "x" * 501}, "Ensure this value has at most 500 characters (it has 501)."),
    ({"choices__ko": "transport | 교통"}, "“transport” is not the value of an option on the "
                                          "left"),
    ({"choices__ko": "교통"}, "Start each line with the value of an option on the left"),
    ({"choices__ko": "mobility | 교통\n" * 201}, "At most 200 lines."),
])
def test_bad_korean_input_is_refused_on_the_form_with_what_was_typed(season, blank, data,
                                                                     message):
    staff = season.client("secretariat")
    step_key = blank.schema["steps"][0]["key"]
    before = copy.deepcopy(blank.schema)

    response = post(staff, build_url(season, "staff_form_field_add", blank, step_key), blank, {
        "type": "choice", "label": "Sector", "choices": "mobility | Mobility", **data})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page.replace("&quot;", '"').replace("&#x27;", "'")
    blank.refresh_from_db()
    assert blank.schema == before


@pytest.mark.django_db
def test_a_nul_in_a_korean_text_never_reaches_the_form(season, blank):
    staff = season.client("secretariat")
    step_key = blank.schema["steps"][0]["key"]

    response = post(staff, build_url(season, "staff_form_field_add", blank, step_key), blank, {
        "type": "text", "label": "Sector", "label__ko": "분\x00야"})

    assert response.status_code == 302
    blank.refresh_from_db()
    assert blank.schema["steps"][0]["fields"][-1]["translations"] == {"ko": {"label": "분야"}}


@pytest.mark.django_db
def test_the_builder_page_says_when_every_text_has_its_korean(season):
    data = forms_2023()[0][2]
    form = EntryFormFactory(edition=season.edition, schema=data)

    page = season.client("secretariat").get(
        build_url(season, "staff_form_build", form)).content.decode()

    assert "Every text of the form has its 한국어 version." in page


# --- Judges and staff ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_exports_are_headed_in_the_staff_members_language(season, korean_form):
    staff = season.users["secretariat"]
    speaks_korean(staff)
    url = reverse("entry_tools:answers_export", kwargs={"edition_slug": season.edition.slug})

    response = season.client("secretariat").get(url + "?format=csv", **KO)

    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = archive.read(archive.namelist()[0])
    text = body.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert "사업명 [title]" in header and "분야 [sectors]" in header
    assert "스마트 횡단보도" in text


@pytest.mark.django_db
def test_a_form_stored_with_translations_round_trips(season):
    form = EntryForm.objects.create(edition=season.edition, name="Bilingual", slug="bi",
                                    schema=FORM)
    form.refresh_from_db()
    assert form.schema["steps"][0]["translations"]["ko"]["title"] == "사업 개요"
