"""Property-based bad input (hypothesis) for every form and JSON endpoint, by the persona who
may use it.

The deterministic walk of tests/test_fuzz.py sends a fixed set of hostile values; this one lets
hypothesis draw them, field by field, from each form as its page renders it: the page's own
values kept where they are valid (a version, a criterion's id, a choice), so a drawn value reaches
the form's validation and the service behind it, and a few fields at a time made hostile with a
value of the field's own kind (a number out of the input's min and max, a text one character over
its maxlength, a date of the year 1 or 9999, a pair of dates out of order) or of the wrong kind (a
list for a scalar, a JSON object for a text, "NaN" for a number), or dropped.

The forms are discovered as tests/test_fuzz.py discovers them (every URL pattern, every form on
every page a persona of the area can open), so a new form is covered without editing a test.

After each example (a request in a savepoint rolled back afterwards, so every example meets the
same season), it asserts: no 5xx; nothing stored that breaks a rule (tests/test_fuzz.py's checks:
NUL, over-long text, integers out of range, answers over their form's limits, scores off their
scale; and here each row written validated by its model: field limits, choices, validators and
the model's own rules such as dates in order); and when the response refuses (4xx), no row of the
prize's data written.

Examples per form: 12 in CI (``CI`` set), 10 in a local run, or ``BAD_INPUT_EXAMPLES`` (e.g.
``BAD_INPUT_EXAMPLES=200`` for a deeper run). A page's query string gets a fifth of that.
"""

from __future__ import annotations

import copy
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode

from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_fuzz import (
    _WRITE,
    SKIPPED,
    Form,
    ReadKeys,
    World,
    _FormParser,
    _routes,
    _urls,
    _view_of,
    short,
    stored_problems,
    users_of,
)

# 25 drawn examples per form in CI, 10 in a local run of the suite; more on demand.
EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES") or (12 if os.environ.get("CI") else 10))

settings.register_profile(
    "bad-input", max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much, HealthCheck.large_base_example])
PROFILE = settings.get_profile("bad-input")

# The areas and the personas that act in each (the first who can open a page uses its forms).
AREAS = {
    "public": ["anonymous"],
    "entrant": ["entrant", "other_entrant"],
    "judge": ["judge"],
    "staff": ["secretariat", "coordinator", "superuser"],
}
# The staff's pages are many: their forms are checked in two halves (two test files, which run
# side by side), by the namespace of the page they are found on.
STAFF_HALVES = {"judging_ceremony": {"judging", "ceremony", "api"}}

# Tables a refused request may still write: the record of a failed login (django-axes), the
# session, and the rate limits' and two-factor's own bookkeeping.
REFUSAL_MAY_WRITE = {"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
                     "django_session", "mfa_authenticator"}


# --- Hostile values, by kind ---------------------------------------------------------------------

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
JAMO = st.characters(min_codepoint=0x1100, max_codepoint=0x11FF)  # combining Korean letters
RTL = st.characters(min_codepoint=0x0590, max_codepoint=0x06FF)  # Hebrew and Arabic
COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
EMOJI = st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧", "🇰🇷", "\U0010ffff", "\U0001f9d1\u200d\U0001f52c"])
CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0b", "\x1b", "\x7f", "\x85",
                           "\r", "\n", "\t", "\u200b", "\u200e", "\u202e", "\u2066", "\u2028",
                           "\ufeff", "\ufffe", "\uffff"])
ANY_CHARACTER = st.characters(codec="utf-8")  # no lone surrogates: the client sends UTF-8
UNICODE_TEXT = st.lists(st.one_of(HANGUL, JAMO, RTL, COMBINING, EMOJI, CONTROL, ANY_CHARACTER),
                        max_size=40).map("".join)
WRONG_TYPE = st.sampled_from([
    "NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "-1e400", "1e-400", "-0", "0x1F",
    "1_000", "１２", "١٢٣", "٣.٥", " 7 ", "7.5", "7,5", "+7", "--7", "[1, 2]", "[]", "{}",
    '{"a": 1}', '{"value": [null, {"x": "\\u0000"}]}', "null", "true", "false", "None", "",
    " ", "%00", "&#0;", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
    "${7*7}", "{{ 7|add:7 }}", "%(x)s", "{0}",
])
HUGE_INTEGERS = st.sampled_from([
    -1, 0, 32767, 32768, -32769, 65536, 2**31 - 1, 2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1,
    2**63, -(2**63) - 1, 2**64, 10**30, -(10**30)])
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    HUGE_INTEGERS.map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    WRONG_TYPE,
)
DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59))
    .map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(["0000-00-00", "2023-02-30", "2023-13-01", "2023-06-31T25:61",
                     "+10000-01-01", "-0001-01-01", "1-1-1", "2023-06-01T12:00:00+99:00",
                     "2023-06-01T12:00Z", "9999-12-31T23:59", "0001-01-01T00:00", "today",
                     "2023-03-12T02:30"]),  # a moment some time zones skip
)
# Raw bytes where the transport allows: sent percent-encoded in a body of its own (a lone
# surrogate, an overlong NUL, bytes that are never UTF-8, a truncated sequence).
RAW_BYTES = st.sampled_from(["%ED%A0%80", "%ED%BF%BF", "%C0%80", "%FF%FE", "%E2%82", "%F4%90%80%80",
                             "%00", "%ED%A0%80x%00%C0%80"])


def huge_text(limit: int | None):
    """One character too many for the field, or far too many, in one- to four-byte characters."""
    limit = limit or django_settings.TEXT_MAX_LENGTH
    lengths = sorted({limit + 1, django_settings.TEXT_MAX_LENGTH + 1, 100_001})
    return st.builds(lambda ch, n: ch * n,
                     st.sampled_from(["x", "가", "😀", "e\u0301", "\x00", " "]),
                     st.sampled_from(lengths))


# --- Forms, with what their inputs say of themselves ---------------------------------------------


class _AttrParser(_FormParser):
    """tests/test_fuzz.py's form parser, keeping each field's attributes too (type, min, max,
    maxlength, required) so values can be drawn just outside them."""

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        if self.form is not None and tag in ("input", "textarea", "select") and a.get("name"):
            if not hasattr(self.form, "attrs"):
                self.form.attrs = {}
            self.form.attrs.setdefault(a["name"], {**a, "tag": tag})


def forms_with_attrs(html: str, page_url: str) -> list[Form]:
    parser = _AttrParser(page_url)
    parser.feed(html)
    for form in parser.forms:
        if not hasattr(form, "attrs"):
            form.attrs = {}
    return parser.forms


def _int(value) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return None


def _kind(form: Form, name: str) -> str:
    attrs = form.attrs.get(name, {})
    if attrs.get("tag") == "select":
        return "select"
    if attrs.get("tag") == "textarea":
        return "textarea"
    return (attrs.get("type") or "text").lower()


def value_for(form: Form, name: str):
    """A hostile value for the field ``name``, of its kind or of the wrong one."""
    attrs = form.attrs.get(name, {})
    kind = _kind(form, name)
    limit = _int(attrs.get("maxlength"))
    low, high = _int(attrs.get("min")), _int(attrs.get("max"))
    around = [v for b in (low, high) if b is not None for v in (b - 1, b, b + 1)]
    own = {
        "number": st.one_of(NUMBERS, st.sampled_from(around or [-1]).map(str)),
        "range": NUMBERS,
        "date": DATES, "datetime-local": DATES, "time": DATES, "month": DATES,
        "select": st.sampled_from(form.choices.get(name) or [""]),
        "checkbox": st.sampled_from(form.choices.get(name) or ["on"]),
        "radio": st.sampled_from(form.choices.get(name) or ["on"]),
        "hidden": NUMBERS,
        "email": st.one_of(UNICODE_TEXT.map(lambda t: f"{t}@example.org"),
                           st.sampled_from(["a@b", "@", "a@b@c", "가@나.한국", "a\x00@b.org"])),
        "url": st.one_of(UNICODE_TEXT.map(lambda t: f"https://example.org/{t}"),
                         st.sampled_from(["javascript:alert(1)", "http://", "ftp://x",
                                          "https://[::1", "https://" + "a" * 3000 + ".org"])),
    }.get(kind, UNICODE_TEXT)
    return st.one_of(own, own, UNICODE_TEXT, NUMBERS, huge_text(limit), DATES)


@dataclass
class Payload:
    data: dict[str, list]
    raw: dict[str, str] = field(default_factory=dict)  # name -> percent-encoded bytes
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    htmx: bool = False

    def describe(self) -> str:
        shown = {k: v for k, v in self.data.items() if k != "csrfmiddlewaretoken"}
        shown.update({k: f"raw:{v}" for k, v in self.raw.items()})
        shown.update({k: f"file:{v[0]!r}" for k, v in self.files.items()})
        text = repr(shown)
        return text if len(text) < 700 else f"{text[:650]}…({len(text)} characters)"



_FILE_CONTENT = st.sampled_from([
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"),
    (b"", "application/pdf"), (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
    (b"\x00" * 64, "application/octet-stream"), (b"<svg onload=alert(1)/>", "image/svg+xml"),
    (b"PK\x03\x04" + b"\x00" * 26, "application/zip")])


@st.composite
def payloads(draw, form: Form) -> Payload:
    """The form as its page filled it, with one to four of its fields made hostile (or all of
    them, now and then), some sent as a list, some dropped, and now and then a numbered field
    (a score's criterion, a formset's row) under another number."""
    data = {name: list(values) for name, values in form.baseline().items()}
    names = form.names
    autosave = form.action.endswith("/save/") or "/steps/" in form.action
    payload = Payload(data=data, htmx=autosave and draw(st.booleans()))
    if names:
        everything = draw(st.integers(0, 9)) == 0
        chosen = names if everything else draw(
            st.lists(st.sampled_from(names), min_size=1, max_size=min(4, len(names)),
                     unique=True))
        for name in chosen:
            how = draw(st.sampled_from(["value"] * 6 + ["list", "drop", "raw"]))
            if how == "drop":
                data.pop(name, None)
            elif how == "list":
                data[name] = draw(st.lists(value_for(form, name), min_size=2, max_size=4))
            elif how == "raw" and not form.file_fields and form.method == "post":
                data.pop(name, None)
                payload.raw[name] = draw(RAW_BYTES)
            else:
                data[name] = [draw(value_for(form, name))]
        dated = [n for n in names if _kind(form, n) in ("date", "datetime-local")]
        if len(dated) >= 2 and draw(st.booleans()):
            # Two moments out of order: the first one after the second by a drawn amount.
            first, second = draw(st.lists(st.sampled_from(dated), min_size=2, max_size=2,
                                          unique=True))
            moment = draw(st.datetimes(min_value=datetime(2000, 1, 1),
                                       max_value=datetime(2100, 1, 1)))
            later = moment + draw(st.sampled_from([timedelta(minutes=1), timedelta(days=1),
                                                   timedelta(days=4000)]))
            fmt = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M"}
            data[first] = [later.strftime(fmt[_kind(form, first)])]
            data[second] = [moment.strftime(fmt[_kind(form, second)])]
        numbered = [n for n in names if re.search(r"\d", n)]
        if numbered and draw(st.integers(0, 4)) == 0:
            name = draw(st.sampled_from(numbered))
            number = draw(HUGE_INTEGERS.map(str) | st.sampled_from(["\x00", "x", "", "٣"]))
            data[re.sub(r"\d+", number, name, count=1)] = [draw(value_for(form, name))]
    for name in form.file_fields:
        if draw(st.integers(0, 3)) == 0:
            continue  # no file at all
        content, content_type = draw(_FILE_CONTENT)
        stem = draw(st.one_of(UNICODE_TEXT, huge_text(255).map(lambda t: t[:300])))
        ext = draw(st.sampled_from([".pdf", ".PDF", ".png", ".exe", "", ".pdf.exe", ".p\x00df"]))
        filename = stem + ext
        if os.path.basename(filename) in ("", ".", ".."):
            filename = "x" + filename  # a name the client itself refuses to send
        payload.files[name] = (filename, content, content_type)
    return payload


# --- Sending, and what may be stored -------------------------------------------------------------


def _domain_models():
    for label in ("prize", "entries", "judging", "ceremony", "api", "account"):
        try:
            yield from apps.get_app_config(label).get_models()
        except LookupError:
            continue


# Validation errors of a field that a row may carry without breaking a rule: a blank or null
# a service sets on purpose (an empty reason until one is given) is not bad input getting in.
_HARMLESS = {"blank", "null", "unique", "unique_together", "invalid_choice_blank"}


def _row_errors(obj) -> set[tuple[str, str]]:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        found = set()
        for name, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else []:
            for error in errors:
                if error.code not in _HARMLESS:
                    found.add((name, str(error.code or error.message)))
        return found
    except Exception as exc:  # noqa: BLE001 (a clean() that cannot even run is a finding too)
        return {("__all__", f"clean() raised {exc!r}"[:200])}
    return set()


def _rows(model) -> list[tuple]:
    return list(model._default_manager.order_by("pk").values_list())


class Sender:
    """Sends one request in a savepoint, checks it and rolls it back; returns the problems."""

    def __init__(self, world: World):
        self.world = world
        self.tables = {m._meta.db_table: m for m in _domain_models()}
        self.requests = 0
        self._baseline: dict[type, dict[object, set]] = {}

    def _errors(self, model) -> dict[object, set]:
        return {obj.pk: errors for obj in model._default_manager.all()
                if (errors := _row_errors(obj))}

    def baseline(self, model) -> dict[object, set]:
        """The rule breaks a model's rows have before anything is sent (a factory's shortcut),
        computed once: only new ones count."""
        if model not in self._baseline:
            self._baseline[model] = self._errors(model)
        return self._baseline[model]

    def send(self, persona: str, method: str, url: str, payload: Payload | None = None,
             **extra) -> tuple[object, list[str]]:
        client = self.world.clients[persona]
        cookies = copy.deepcopy(client.cookies)
        written: set[str] = set()

        def watch(execute, sql, params, many, context):
            match = _WRITE.match(sql)
            if match:
                written.add(match.group(1))
            return execute(sql, params, many, context)

        if payload is not None and payload.htmx:
            extra["HTTP_HX_REQUEST"] = "true"
        problems: list[str] = []
        self.requests += 1
        cache.clear()  # rate limits and cached pages start afresh: each example meets the same
        written_models, after = [], {}
        with transaction.atomic():
            try:
                with connection.execute_wrapper(watch):
                    response = self._request(client, method, url, payload, extra)
            except Exception as exc:  # noqa: BLE001 (the client itself failed: record it)
                transaction.set_rollback(True)
                client.cookies = cookies
                return None, [f"raised {exc!r}"[:400]]
            if response.status_code >= 500:
                cause = repr(response.exc_info[1])[:300] if response.exc_info else ""
                problems.append(f"{response.status_code} {cause}")
            elif written:
                written_models = [self.tables[t] for t in sorted(written) if t in self.tables]
                problems += stored_problems(written_models)
                if response.status_code >= 400:
                    refused = [m for m in written_models
                               if m._meta.db_table not in REFUSAL_MAY_WRITE]
                    after = {m: _rows(m) for m in refused}
                for model in written_models:
                    before = self.baseline(model)
                    for pk, errors in self._errors(model).items():
                        new = errors - before.get(pk, set())
                        if new:
                            problems.append(f"stored {model.__name__} #{pk} breaking "
                                            f"{sorted(new)}")
            transaction.set_rollback(True)
        client.cookies = cookies
        # The rows as they were before the request are the rows after its rollback: a refusal
        # must have left them so (a service that wrote, then refused in a savepoint of its own,
        # left nothing: it only tried).
        changed = [m.__name__ for m, rows in after.items() if _rows(m) != rows]
        if changed:
            problems.append(f"refused with {response.status_code} but changed {changed}")
        return response, problems

    @staticmethod
    def _request(client, method, url, payload, extra):
        if payload is None:
            return getattr(client, method)(url, **extra)
        if method == "get":
            return client.get(url, payload.data, **extra)
        if payload.raw:
            body = urlencode([(k, v) for k, values in payload.data.items() for v in values])
            body += "".join(f"&{quote(k)}={v}" for k, v in payload.raw.items())
            return client.generic("POST", url, body.lstrip("&"),
                                  content_type="application/x-www-form-urlencoded", **extra)
        data = dict(payload.data)
        for name, (filename, content, content_type) in payload.files.items():
            data[name] = SimpleUploadedFile(filename, content, content_type)
        return client.post(url, data, **extra)


# --- Discovery -----------------------------------------------------------------------------------


@dataclass
class Found:
    persona: str
    form: Form

    def __str__(self):
        return f"{self.persona} {self.form.method.upper()} {self.form.action}"


@dataclass
class Discovery:
    forms: list[Found] = field(default_factory=list)
    # Pages and what they read of their query string, for the API and the lists' filters.
    queries: list[tuple[str, str, list[str]]] = field(default_factory=list)
    pages: int = 0


def _in_half(route_name: str, half: str | None) -> bool:
    if half is None:
        return True
    namespace = route_name.rpartition(":")[0]
    if half in STAFF_HALVES:
        return namespace in STAFF_HALVES[half]
    return not any(namespace in names for names in STAFF_HALVES.values())


def discover(world: World, sender: Sender, area: str, monkeypatch,
             half: str | None = None) -> Discovery:
    """Every form (and every query string a page reads) that a persona of ``area`` meets on
    the pages they can open (of one ``half`` of the staff's), once each (by the view it posts
    to and its fields)."""
    personas = AREAS[area]
    read_keys = ReadKeys(monkeypatch)
    found = Discovery()
    seen: set = set()
    for route in _routes():
        users = [p for p in users_of(route.name) if p in personas]
        if area == "public" and route.name.rpartition(":")[2].startswith("staff_"):
            continue
        if not users or not _in_half(route.name, half):
            continue
        try:
            urls = _urls(world, route)
        except AssertionError:
            continue  # a page whose parameters tests/test_fuzz.py asks to be named
        for url in urls:
            for persona in users:
                with read_keys:
                    response, _problems = sender.send(persona, "get", url)
                if response is not None and response.status_code < 400:
                    break
            else:
                continue
            found.pages += 1
            if "html" in response.get("Content-Type", ""):
                for form in forms_with_attrs(response.content.decode(), url):
                    key = (_view_of(form.action), form.method, tuple(form.names))
                    if key in seen or key[0] in SKIPPED or not form.action.startswith("/"):
                        continue
                    seen.add(key)
                    found.forms.append(Found(persona, form))
            keys = sorted(read_keys.found - {"csrfmiddlewaretoken"})
            if keys:
                found.queries.append((persona, url, keys))
    return found


# --- Running the properties ----------------------------------------------------------------------


def check_form(sender: Sender, found: Found) -> str | None:
    """Hypothesis draws ``EXAMPLES`` payloads for the form and sends each; a failure is
    shrunk to its simplest payload and returned as text (so every form is tried)."""
    form = found.form
    method = "get" if form.method == "get" else "post"

    @PROFILE
    @given(st.data())
    def example(data):
        payload = data.draw(payloads(form), label="payload")
        response, problems = sender.send(found.persona, method, form.action, payload)
        assert not problems, f"{found} with {payload.describe()}: {problems}"

    try:
        example()
    except (AssertionError, ExceptionGroup) as exc:  # each form's failure, then the next
        return str(exc)[:1500]
    return None


QUERY_VALUES = st.one_of(UNICODE_TEXT, NUMBERS, DATES, huge_text(2000),
                         st.sampled_from(["all", "-", "-title", "__all__", "pk", "?", "&"]))


# A page's query string is walked with fixed values by tests/test_fuzz.py already: fewer drawn
# examples here.
QUERY_PROFILE = settings(PROFILE, max_examples=max(3, EXAMPLES // 5))


def check_query(sender: Sender, persona: str, url: str, keys: list[str]) -> str | None:
    """A page's query string (a list's filters, sort and page; the API's filters) with drawn
    values, some keys repeated."""

    @QUERY_PROFILE
    @given(st.data())
    def example(data):
        chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys),
                                    unique=True), label="keys")
        query = [(k, v) for k in chosen
                 for v in data.draw(st.lists(QUERY_VALUES, min_size=1, max_size=2))]
        target = f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"
        response, problems = sender.send(persona, "get", target)
        assert not problems, f"{persona} GET {short(target)}: {problems}"

    try:
        example()
    except (AssertionError, ExceptionGroup) as exc:
        return str(exc)[:1500]
    return None


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
              st.floats(allow_nan=False), UNICODE_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(UNICODE_TEXT, inner,
                                                                 max_size=3),
    max_leaves=10)


def check_json_endpoint(sender: Sender, persona: str, url: str, token: str) -> str | None:
    """A JSON endpoint with drawn methods, bodies (JSON of every type, broken JSON, NaN), Accept
    and Authorization headers: never a 5xx."""

    @PROFILE
    @given(st.data())
    def example(data):
        method = data.draw(st.sampled_from(["get", "head", "options", "post", "put", "patch",
                                            "delete"]))
        body = data.draw(st.one_of(
            JSON_VALUES.map(json.dumps),
            st.sampled_from(['{"a": NaN}', '{"a": Infinity}', "{", '{"a": 1', "\x00", "",
                             '"\\ud800"', "[" * 2000 + "]" * 2000, '{"a": 1e400}'])))
        auth = data.draw(st.one_of(
            st.none(), st.just(f"Bearer {token}"),
            st.sampled_from([f"Bearer {token}x", f"Bearer {token} {token}", "Bearer",
                             "Bearer ", f"bearer {token}", f"Token {token}", "Basic Og==",
                             "Bearer ssp_\x00_\x00", "Bearer ssp__", "Bearer ssp_x_" + "y" * 5000]),
            UNICODE_TEXT.map(lambda t: f"Bearer {t}")))
        accept = data.draw(st.sampled_from(["application/json", "text/html", "*/*", "",
                                            "application/vnd.oai.openapi+json",
                                            "application/json; version=\x00",
                                            "application/xml", "text/csv"]))
        extra = {"HTTP_ACCEPT": accept}
        if auth is not None:
            extra["HTTP_AUTHORIZATION"] = auth
        client = sender.world.clients[persona]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            try:
                if method in ("get", "head", "options", "delete"):
                    response = getattr(client, method)(url, **extra)
                else:
                    response = getattr(client, method)(url, body,
                                                       content_type="application/json", **extra)
            finally:
                transaction.set_rollback(True)
                client.cookies = cookies
        assert response.status_code < 500, (
            f"{persona} {method.upper()} {url} Authorization {short(auth)} Accept {accept!r} "
            f"body {short(body)} -> {response.status_code}")

    try:
        example()
    except (AssertionError, ExceptionGroup) as exc:
        return str(exc)[:1500]
    return None


def report(failures: list[str]) -> str:
    return f"{len(failures)} failing:\n\n" + "\n\n".join(failures)


def run_area(world: World, monkeypatch, area: str,
             half: str | None = None) -> tuple[Discovery, list[str]]:
    """Discover the area's forms and query strings, and check each with hypothesis."""
    # The test client keeps a copy of every template context it renders; nothing reads them.
    monkeypatch.setattr("django.test.client.store_rendered_templates", lambda *a, **k: None)
    # A request's rollback brings back a removed attachment's row, not its file: keep files.
    monkeypatch.setattr("django.core.files.storage.FileSystemStorage.delete",
                        lambda storage, name: None)
    sender = Sender(world)
    started = time.perf_counter()
    found = discover(world, sender, area, monkeypatch, half)
    discovered = time.perf_counter()
    failures = []
    for f in found.forms:
        at = time.perf_counter()
        failure = check_form(sender, f)
        if failure:
            failures.append(failure)
        if os.environ.get("BAD_INPUT_TIMES"):
            print(f"{time.perf_counter() - at:6.1f} s {f}")
    for persona, url, keys in found.queries:
        failure = check_query(sender, persona, url, keys)
        if failure:
            failures.append(failure)
    print(f"\n{area}: {found.pages} pages, {len(found.forms)} forms, "
          f"{len(found.queries)} query strings, {sender.requests} requests; "
          f"{discovered - started:.1f} s to discover, "
          f"{time.perf_counter() - discovered:.1f} s to check")
    return found, failures
