"""Hostile input never breaks a page: every URL of the project, for every persona who may use it,
with hostile query strings, path parameters and form values (NUL bytes, control characters,
numbers too large for any column, a megabyte of text, emoji, broken UTF-8), and the two
autosave endpoints with NUL in keys and values. Every response must be below 500, and nothing
stored may break a rule: no NUL in stored text or JSON, text within its column and the platform's
cap, numbers within their bounds, answers within their form's limits.

Runs on SQLite and, in CI, on PostgreSQL (which refuses NUL in text and JSON, and numbers out of
a column's range, so a missing check there is a 500).

Each request runs in a savepoint that is rolled back after it (after checking what it stored),
so every request meets the same season: a form that happens to accept a value (a withdrawal
with a reason of "-1") does not change what the next request finds.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation

from entries import schema as form_schema
from entries.models import AnonymisedVersion, Attachment, EntryRevision, Invitation
from judging.enums import RoundStatus
from judging.models import Criterion, PanelMembership, Round, RoundQuota, Score
from prize.outbox import notify
from tests import fuzz_params
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND, season  # noqa: F401 (the fixture, by name)
from tests.factories import (
    CriterionFactory,
    PanelMembershipFactory,
    RoundEntryFactory,
    RoundFactory,
    RoundQuotaFactory,
)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db

# --- Hostile values ------------------------------------------------------------------------------

MEGABYTE = "x" * 1_000_000
LONG = "9" * 100_000  # a long text and a number with far too many digits at once
NASTY = "a\x00b\x01\x07\x1b\x7f\u200b\u202e\ufeff😀👍🏽 日本語 \U0010ffff"
# Every field of a form at once; a query string's keys each a different one of these, by turns.
EVERY_FIELD = ["\x00", NASTY, "99999999999999999999999", "-1", "1e400"]
QUERY_VALUES = [NASTY, "99999999999999999999", "-1", "1e400", "x" * 100_000]
# Broken UTF-8 (a lone surrogate, an overlong NUL, bytes that are never UTF-8), sent raw.
RAW_BYTES = "%ED%A0%80%C0%80%FF%FE"

# --- Who uses what ------------------------------------------------------------------------------

PERSONAS = ["anonymous", "entrant", "other_entrant", "judge", "coordinator", "secretariat",
            "superuser"]
LOGGED_IN = PERSONAS[1:]
# The secretariat first: its pages carry every staff form (screening among them).
STAFF = ["secretariat", "coordinator", "superuser"]
PUBLIC = {"home", "healthz", "edition_home", "account_login", "account_signup",
          "account_reset_password", "account_reset_password_done",
          "account_reset_password_from_key", "account_reset_password_from_key_done",
          "account_confirm_email"}
ACCOUNT = {"dashboard", "profile", "account_email", "account_change_password"}
# The apps and page families this test covers (every namespace of the site but the admin's).
NAMESPACES = {None, "entries", "judging", "ceremony", "messaging", "staff_lists", "privacy",
              "overview", "jobs", "api", "entry_tools", "entry_book"}
# allauth's own views whose forms allauth validates, and pages that end the session.
SKIPPED = {
    "account_logout", "account_inactive", "account_email_verification_sent",
    "account_reauthenticate", "account_confirm_login_code", "account_set_password",
}


def users_of(name: str) -> list[str]:
    """The personas who may use the page named ``name`` ("namespace:name")."""
    namespace, _sep, short = name.rpartition(":")
    if short in PUBLIC:
        return ["anonymous", "entrant"] if short in ("home", "edition_home") else ["anonymous"]
    if short in ACCOUNT:
        return LOGGED_IN
    if short.startswith("staff_"):
        return STAFF
    if namespace == "entries":
        return ["entrant"]
    if namespace == "judging":
        return ["judge"]
    return PERSONAS


# --- The season ----------------------------------------------------------------------------------

# Every answer type, some with limits and some without (those get the platform's caps).
FUZZ_SCHEMA = {
    "title_field": "title",
    "steps": [
        {"key": "basics", "title": "The project", "fields": [
            {"key": "title", "type": "text", "label": "Project title", "required": True,
             "max_length": 200},
            {"key": "summary", "type": "textarea", "label": "Short summary", "required": True,
             "max_words": 50},
            {"key": "story", "type": "textarea", "label": "The story"},
            {"key": "sectors", "type": "multichoice", "label": "Sectors", "required": True,
             "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            {"key": "stage", "type": "choice", "label": "Stage",
             "choices": [["pilot", "Pilot"], ["operating", "Operating"]]},
            {"key": "public", "type": "boolean", "label": "Public project"},
        ]},
        {"key": "budget", "title": "Budget", "fields": [
            {"key": "budget_amount", "type": "number", "label": "Budget", "required": True,
             "min": 0},
            {"key": "people", "type": "number", "label": "People reached"},
            {"key": "started", "type": "date", "label": "Start date"},
            {"key": "contact", "type": "email", "label": "Project e-mail"},
            {"key": "site", "type": "url", "label": "Project website"},
            {"key": "links", "type": "urls", "label": "Links", "max_items": 3},
            {"key": "more_links", "type": "urls", "label": "More links"},
            {"key": "indicators", "type": "table", "label": "Indicators", "max_items": 2,
             "columns": [["indicator", "Indicator"], ["result", "Result"]]},
            {"key": "partners", "type": "table", "label": "Partners",
             "columns": [["name", "Name"]]},
        ]},
        {"key": "attachments", "title": "Attachments", "kind": "attachments",
         "blind_variant": True},
    ],
}


@dataclass
class World:
    judging: object
    params: dict[str, list[dict]]  # URL name -> the path parameters to try
    clients: dict[str, CommittingClient] = field(default_factory=dict)


def _attachment(entry, name="plan.pdf") -> Attachment:
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return Attachment.objects.create(
        entry=entry, file=ContentFile(content, name="stored.pdf"), original_name=name,
        content_type="application/pdf", size=len(content), sha256="0" * 64)


def _reason(edition):
    from entries.models import ScreeningReason

    return ScreeningReason.objects.get_or_create(edition=edition, decision="ineligible",
                                                 text="Not implemented yet.")[0]


def _ceremony_params(the_season, entry) -> dict:
    """The ceremony's pages: an award won by the season's entry (confirmed, published, with a
    picture and a certificate) and a second seat still open for proposals."""
    from django.utils import timezone as tz

    from ceremony.models import Award, Certificate, Decision, Publication
    from tests.ceremony.test_public_pages import add_image

    edition = the_season.edition
    award = Award.objects.create(edition=edition, name="Fuzz Gold", tier="Gold",
                                 category=the_season.category, winners=2)
    decision = Decision.objects.create(
        award=award, entry=entry, proposed_by=the_season.users["secretariat"],
        confirmed_by=the_season.users["coordinator"], confirmed_at=tz.now(),
        status="confirmed", citation="Valued.")
    Publication.objects.create(edition=edition, published_at=tz.now())
    add_image(entry)
    certificate = Certificate.objects.create(entry=entry, decision=decision, kind="winner")
    slug = {"edition": edition.slug}
    return {
        "ceremony:staff_home": [slug],
        "ceremony:staff_awards": [slug],
        "ceremony:staff_award": [{**slug, "pk": award.pk}],
        "ceremony:staff_decisions": [slug],
        "ceremony:staff_press": [{**slug, "fmt": "csv"}, {**slug, "fmt": "xlsx"}],
        "ceremony:staff_publication": [slug],
        "ceremony:staff_emails": [slug],
        "ceremony:staff_email_preview": [{**slug, "entry": entry.pk}],
        "ceremony:winners": [{"slug": edition.slug}],
        "ceremony:finalists": [{"slug": edition.slug}],
        "ceremony:winner": [{"slug": edition.slug, "reference": entry.reference}],
        "ceremony:winner_image": [{"slug": edition.slug, "reference": entry.reference}],
        "ceremony:certificate_entry": [{"pk": entry.pk}],
        "ceremony:certificates_zip": [slug],
        "ceremony:certificate_verify": [{"code": certificate.code}],
        "ceremony:certificate_pdf": [{"code": certificate.code}],
        **_show_params(the_season, entry, award),
    }


def _show_params(the_season, entry, award) -> dict:
    """The ceremony evening's pages: each family names its own in its own module."""
    from tests.ceremony.fuzz import invitations, next_edition, programme, reveal, script

    params = {}
    for family in (programme, invitations, script, reveal, next_edition):
        params.update(family.params(the_season, entry, award))
    return params


@pytest.fixture
def world(judging) -> World:  # noqa: F811 (the fixture by name)
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    season = judging.season  # noqa: F811 (the fixture's season, not the fixture)
    form = season.entry.form
    form.schema = FUZZ_SCHEMA
    form.save()
    draft_file = _attachment(season.draft)
    AnonymisedVersion.objects.create(
        attachment=draft_file, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="anon.pdf"),
        original_name="plan-anonymised.pdf", content_type="application/pdf", size=14,
        sha256="0" * 64)
    entry_file = _attachment(season.entry)
    EntryRevision.objects.create(entry=season.entry, number=1, title=season.entry.title,
                                 answers=season.entry.answers, attachments=["plan.pdf"])
    invitation = Invitation.objects.create(entrant=season.entrant, email="newcomer@example.org",
                                           invited_by=season.users["entrant"])
    mail = notify(judging.users["judge"], "judging/assigned", {
        "round_name": judging.round.name, "edition_name": season.edition.name, "count": 1,
        "categories": [season.category.name], "closes_at": judging.round.closes_at,
        "time_zone": "Asia/Seoul", "dashboard_path": "/judging/"}, edition=season.edition)
    membership = PanelMembership.objects.get(round=judging.round, judge=judging.users["judge"])
    # A draft round (its configuration, criteria and automatic assignment take input) and a
    # closed one (its shortlist does).
    draft_round = RoundFactory(edition=season.edition, number=2, status=RoundStatus.DRAFT)
    closed_round = RoundFactory(edition=season.edition, number=3, status=RoundStatus.CLOSED,
                                opens_at=timezone.now() - timedelta(days=9),
                                closes_at=timezone.now() - timedelta(days=1))
    for other in (draft_round, closed_round):
        RoundQuotaFactory(round=other, category=season.category, advance=1)
        CriterionFactory(round=other, category=season.category, name="Impact")
        for entry in judging.entries[:2]:
            RoundEntryFactory(round=other, entry=entry)
        PanelMembershipFactory(round=other, category=season.category,
                               judge=judging.users["judge"])
    edition, round, entry = season.edition, judging.round, judging.entry
    entrant_user = season.users["entrant"]
    reset = {"uidb36": user_pk_to_url_str(entrant_user),
             "key": default_token_generator.make_token(entrant_user)}
    field_steps = [s["key"] for s in FUZZ_SCHEMA["steps"] if s.get("kind") != "attachments"]
    params = {
        "edition_home": [{"slug": edition.slug}],
        "staff_outbox_detail": [{"pk": mail.pk}],
        "staff_outbox_resend": [{"pk": mail.pk}],
        "staff_outbox_html": [{"pk": mail.pk}],
        "staff_edition_settings": [{"slug": edition.slug}],
        "account_confirm_email": [{"key": "not-a-key"}],
        "account_reset_password_from_key": [reset],
        "entries:invitation_accept": [{"token": invitation.token}],
        "entries:start": [{"category_id": season.category.pk}],
        "entries:entry_detail": [{"pk": season.draft.pk}, {"pk": season.entry.pk}],
        "entries:step": [{"pk": season.draft.pk, "step_key": key} for key in field_steps],
        "entries:review": [{"pk": season.draft.pk}],
        "entries:submit": [{"pk": season.draft.pk}],
        "entries:withdraw": [{"pk": season.draft.pk}],
        "entries:delete_draft": [{"pk": season.draft.pk}],
        "entries:attachments": [{"pk": season.draft.pk}],
        "entries:attachment_download": [{"pk": draft_file.pk}],
        "entries:attachment_remove": [{"pk": draft_file.pk}],
        "entries:anonymised_upload": [{"pk": draft_file.pk}],
        "entries:anonymised_download": [{"pk": draft_file.pk}],
        "entries:anonymised_remove": [{"pk": draft_file.pk}],
        "entries:staff_list": [{"edition_slug": edition.slug}],
        "entries:staff_export": [{"edition_slug": edition.slug, "?": "format=csv"}],
        "entries:staff_bulk_screen": [{"edition_slug": edition.slug}],
        "entries:staff_release": [{"edition_slug": edition.slug}],
        "entries:staff_entry": [{"edition_slug": edition.slug, "pk": season.entry.pk}],
        "entries:staff_screen": [{"edition_slug": edition.slug, "pk": season.entry.pk}],
        "entries:staff_extension": [{"edition_slug": edition.slug, "pk": season.entry.pk}],
        "entries:staff_revisions": [{"edition_slug": edition.slug, "pk": season.entry.pk}],
        "entries:staff_revision_diff": [{"edition_slug": edition.slug, "pk": season.entry.pk,
                                         "number": 1}],
        "entries:staff_stats": [{"edition_slug": edition.slug}],
        "entries:staff_reasons": [{"edition_slug": edition.slug}],
        "entries:staff_reason": [{"edition_slug": edition.slug, "pk": _reason(edition).pk}],
        "judging:review": [{"round_id": round.pk, "entry_id": entry.pk}],
        "judging:review_save": [{"round_id": round.pk, "entry_id": entry.pk}],
        "judging:review_submit": [{"round_id": round.pk, "entry_id": entry.pk}],
        "judging:review_reopen": [{"round_id": round.pk, "entry_id": entry.pk}],
        "judging:review_abstain": [{"round_id": round.pk, "entry_id": entry.pk}],
        "judging:review_recuse": [{"round_id": round.pk, "entry_id": entry.pk}],
        "judging:review_attachment": [{"round_id": round.pk, "entry_id": entry.pk,
                                       "pk": entry_file.pk}],
        "judging:invitation": [{"token": membership.token}],
        "judging:staff_rounds": [{"edition": edition.slug}],
        "judging:staff_round": [{"pk": round.pk}, {"pk": draft_round.pk}],
        "judging:staff_criteria": [{"pk": draft_round.pk}],
        "judging:staff_panels": [{"pk": round.pk}],
        "judging:staff_assignments": [{"pk": round.pk}, {"pk": draft_round.pk}],
        "judging:staff_progress": [{"pk": round.pk}],
        "judging:staff_results": [{"pk": round.pk}],
        "judging:staff_result_entry": [{"pk": round.pk, "entry_id": entry.pk}],
        "judging:staff_export": [{"pk": round.pk, "fmt": "csv"}, {"pk": round.pk, "fmt": "xlsx"}],
        "judging:staff_shortlist": [{"pk": closed_round.pk}],
        **_ceremony_params(season, entry),
        **fuzz_params.params(season, judging),
    }
    world = World(judging=judging, params=params)
    for persona in PERSONAS:
        client = CommittingClient(raise_request_exception=False)
        user = judging.users[persona]
        if user is not None:
            client.force_login(user, backend=BACKEND)
        world.clients[persona] = client
    return world


# --- URLs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    regex: re.Pattern
    converters: dict[str, str]  # parameter -> converter ("int", "str", "slug", "re")
    template: str  # the pattern with {param} placeholders


def _routes() -> list[Route]:
    """Every URL pattern of the project (admin left out: Django's own), with its parameters."""
    out: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, converters: dict):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("admin/"):
                    continue
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns,
                     {**converters, **getattr(p.pattern, "converters", {})})
            elif isinstance(p, URLPattern) and p.name:
                if p.name in SKIPPED or namespace not in NAMESPACES:
                    continue
                name = f"{namespace}:{p.name}" if namespace else p.name
                route = prefix + str(p.pattern)
                conv = {k: type(v).__name__.replace("Converter", "").lower()
                        for k, v in {**converters,
                                     **getattr(p.pattern, "converters", {})}.items()}
                template = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
                template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", template)
                template = template.replace("^", "").replace("$", "")
                for group in re.findall(r"\{(\w+)\}", template):
                    conv.setdefault(group, "re")
                out.append(Route(name, re.compile(route), conv, "/" + template))
    # public pages have an address per language (prize/locale.py): walk them in each
    for language in ("en", "ko"):
        with translation.override(language):
            walk(get_resolver().url_patterns, "", None, {})
    return list({(route.name, route.template): route for route in out}.values())


def _fill(route: Route, kwargs: dict) -> str:
    """The route's path with ``kwargs`` (``"?"``: a query string the page needs)."""
    path = route.template
    for key, value in kwargs.items():
        if key != "?":
            path = path.replace("{" + key + "}", quote(str(value), safe=""))
    return f"{path}?{kwargs['?']}" if "?" in kwargs else path


def _urls(world: World, route: Route) -> list[str]:
    names = re.findall(r"\{(\w+)\}", route.template)
    if not names:
        return [route.template]
    assert route.name in world.params, f"no path parameters for {route.name}: add them"
    return [_fill(route, kwargs) for kwargs in world.params[route.name]]


def _hostile_paths(world: World, route: Route) -> list[str]:
    """The route with each of its parameters made hostile in turn (where its converter lets
    such a value through: ints get 20 digits, strings NUL and a long text)."""
    names = re.findall(r"\{(\w+)\}", route.template)
    if not names:
        return []
    base = world.params[route.name][0]
    out = []
    for name in names:
        kind = route.converters.get(name, "str")
        values = {"int": ["99999999999999999999"], "id": ["99999999999999999999"],
                  "slug": ["a" * 5000], "token": ["a\x00b", "a" * 5000],
                  "str": ["a\x00b", "\x01\x1b", "😀", "a" * 5000],
                  "path": ["a\x00b", "a" * 5000],
                  "re": ["a\x00b", "a" * 5000]}.get(kind, ["a\x00b"])
        for value in values:
            out.append(_fill(route, {**base, name: value}))
    return out


# --- Forms on a page -----------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, value)
    choices: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def baseline(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, kind, value in self.fields:
            if kind in ("checkbox", "radio") and value is None:
                continue
            data.setdefault(name, []).append(value or "")
        if self.buttons:
            name, value = self.buttons[0]
            data.setdefault(name, [value])
        return data

    @property
    def names(self) -> list[str]:
        seen = []
        for name, kind, _value in self.fields:
            if name not in seen and name != "csrfmiddlewaretoken" and kind != "file":
                seen.append(name)
        return seen

    @property
    def file_fields(self) -> list[str]:
        return [name for name, kind, _value in self.fields if kind == "file"]


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("hx-post") or a.get("action") or self.page_url
            method = "post" if a.get("hx-post") else (a.get("method") or "get").lower()
            self.form = Form(action=action, method=method,
                             multipart="multipart" in (a.get("enctype") or ""))
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self.form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                self.form.fields.append((name, kind, a.get("value", "on")
                                         if "checked" in a else None))
                self.form.choices.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.form.fields.append((name, kind, a.get("value", "")))
        elif tag == "button" and name:
            self.form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select, self.select_value = name, None
            self.form.choices[name] = []
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.form.choices[self.select].append(value)
            if "selected" in a or self.select_value is None:
                self.select_value = value
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select and self.form is not None:
            self.form.fields.append((self.select, "select", self.select_value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self.form.fields.append((self.textarea, "textarea", self.text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def forms_of(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


# --- Requests, and what they store ---------------------------------------------------------------


@dataclass
class Finding:
    what: str
    detail: str

    def __str__(self):
        return f"{self.what}: {self.detail}"


def short(value) -> str:
    text = repr(value)
    return text if len(text) < 70 else f"{text[:50]}…({len(text)} characters)"


_WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE)\s+"?(\w+)"?', re.I)


class Fuzzer:
    """Sends requests, each in a savepoint rolled back after it, and records every response of
    500 or more and everything stored that breaks a rule."""

    def __init__(self, world: World):
        self.world = world
        self.findings: list[Finding] = []
        self.requests = 0
        self.tables = {m._meta.db_table: m for m in _models()}

    def send(self, persona: str, method: str, url: str, data=None, *, raw: str | None = None,
             htmx: bool = False, label: str = ""):
        client = self.world.clients[persona]
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        written: set[str] = set()

        def watch(execute, sql, params, many, context):
            match = _WRITE.match(sql)
            if match:
                written.add(match.group(1))
            return execute(sql, params, many, context)

        self.requests += 1
        where = f"{persona} {method.upper()} {short(url)}{' (htmx)' if htmx else ''}"
        with transaction.atomic():
            try:
                with connection.execute_wrapper(watch):
                    if method == "get":
                        response = client.get(url, data, **extra)
                    elif raw is not None:
                        response = client.generic(
                            "POST", url, raw, content_type="application/x-www-form-urlencoded",
                            **extra)
                    else:
                        response = client.post(url, data or {}, **extra)
            except Exception as exc:  # noqa: BLE001 (the client itself failed: record it)
                self.findings.append(Finding(where, f"{label}: raised {exc!r}"[:400]))
                transaction.set_rollback(True)
                return None
            if response.status_code >= 500:
                cause = repr(response.exc_info[1])[:300] if response.exc_info else ""
                self.findings.append(Finding(where, f"{label} -> {response.status_code} {cause}"))
            elif written:
                models_written = [self.tables[t] for t in written if t in self.tables]
                for problem in stored_problems(models_written):
                    self.findings.append(Finding(where, f"{label}: stored {problem}"))
            transaction.set_rollback(True)
        return response


# --- What may be stored --------------------------------------------------------------------------


def _models():
    for label in ("prize", "entries", "judging", "account"):
        try:
            yield from apps.get_app_config(label).get_models()
        except LookupError:
            continue


def _walk_json(value, path="") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                yield f"NUL in the key {path}/{key!r}"
            yield from _walk_json(item, f"{path}/{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _walk_json(item, f"{path}[{n}]")
    elif isinstance(value, str):
        if "\x00" in value:
            yield f"NUL in {path}"
        if len(value) > settings.TEXT_MAX_LENGTH:
            yield f"{len(value)} characters in {path}"
    elif (isinstance(value, int | float) and not isinstance(value, bool)
          and (not -(2**63) < value < 2**63 or value != value)):
        yield f"the number {short(value)} in {path}"


# Columns that hold what the platform writes itself, not what anyone typed.
UNCAPPED = {"sealed", "file", "password", "session_data", "last_error"}
INTEGER_RANGES = {
    models.PositiveSmallIntegerField: (0, 32767), models.SmallIntegerField: (-32768, 32767),
    models.PositiveIntegerField: (0, 2**31 - 1), models.IntegerField: (-(2**31), 2**31 - 1),
}


def stored_problems(written) -> list[str]:
    """Everything stored in the ``written`` models that breaks a rule: NUL in text or JSON,
    text longer than its column or the platform's cap, integers out of their column's range,
    answers over their form's limits, scores off their scale, staff numbers out of bounds.
    (Read in Python: SQLite cuts a LIKE pattern at a NUL.)"""
    problems = []
    cap = settings.TEXT_MAX_LENGTH
    for model in written:
        checks = []
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField) and f.name not in UNCAPPED:
                checks.append((f, "text", f.max_length or cap))
            elif isinstance(f, models.JSONField):
                checks.append((f, "json", None))
            else:
                for kind, limits in INTEGER_RANGES.items():
                    if type(f) is kind:
                        checks.append((f, "int", limits))
        if not checks:
            continue
        for row in model.objects.values("pk", *[f.attname for f, _k, _l in checks]):
            for f, kind, limit in checks:
                value = row[f.attname]
                where = f"{model.__name__}.{f.name} #{row['pk']}"
                if value is None:
                    continue
                if kind == "text":
                    if "\x00" in value:
                        problems.append(f"NUL in {where}")
                    if len(value) > limit:
                        problems.append(f"{len(value)} characters in {where}")
                elif kind == "json":
                    problems += [f"{where}: {p}" for p in _walk_json(value)]
                elif not limit[0] <= value <= limit[1]:
                    problems.append(f"{value} in {where}")
    names = {m.__name__ for m in written}
    if "Entry" in names or "EntryRevision" in names:
        problems += _answer_problems()
    if names & {"Score", "Criterion", "Round", "RoundQuota", "PanelMembership"}:
        problems += _number_problems()
    return problems


def _answer_problems() -> list[str]:
    from entries.models import Entry

    problems = []
    for entry in Entry.objects.select_related("form"):
        try:
            schema = form_schema.Schema.parse(entry.form.schema)
        except form_schema.SchemaError:
            continue
        for message in form_schema.answers_over_limits(
                schema, entry.answers, text_cap=settings.TEXT_MAX_LENGTH,
                items_cap=settings.ANSWER_MAX_ITEMS):
            problems.append(f"entry {entry.pk}: {message}")
    return problems


def _number_problems() -> list[str]:
    from judging import staff_forms as bounds

    problems = []
    for score in Score.objects.select_related("criterion"):
        c = score.criterion
        if not c.scale_min <= score.value <= c.scale_max:
            problems.append(f"score {score.value} outside {c.scale_min} to {c.scale_max}")
    for c in Criterion.objects.all():
        if not (0 <= c.scale_min < c.scale_max <= bounds.MAX_SCALE
                and 0 <= c.weight <= bounds.MAX_WEIGHT):
            problems.append(f"criterion {c.name!r}: scale {c.scale_min} to {c.scale_max}, "
                            f"weight {c.weight}")
    for r in Round.objects.all():
        if not (1 <= r.judges_per_entry <= bounds.MAX_JUDGES_PER_ENTRY
                and all(isinstance(h, int) and 1 <= h <= bounds.MAX_REMINDER_HOURS
                        for h in r.reminder_hours)):
            problems.append(f"round {r.name!r}: {r.judges_per_entry} judges per entry, "
                            f"reminders {short(r.reminder_hours)}")
    for q in RoundQuota.objects.filter(advance__gt=bounds.MAX_QUOTA):
        problems.append(f"quota {q.advance}")
    for m in PanelMembership.objects.filter(capacity__gt=bounds.MAX_CAPACITY):
        problems.append(f"capacity {m.capacity}")
    return problems


# --- The fuzz ------------------------------------------------------------------------------------


def _view_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return url


def _latin(keys: list[str], values: list[str], row: int) -> dict[str, str]:
    """Each key a different value; over ``len(values)`` rows every key gets every value."""
    return {key: values[(i + row) % len(values)] for i, key in enumerate(keys)}


# Inputs whose form field takes only its own format (an address, a date): alone, a hostile
# value in them never reaches a service.
STRICT_INPUTS = {"email", "url", "date", "datetime-local", "time", "password", "file", "color"}


def _same_kind(name: str) -> str:
    """Fields that differ only by a number (table cells, score-12 and score-13, a formset's
    rows) are the same kind: one of them is fuzzed alone."""
    return re.sub(r"\d+", "#", name)


class ReadKeys:
    """The query parameters a view reads (``request.GET.get("q")`` and the like), recorded
    while a page is fetched: only those are worth sending hostile values to."""

    def __init__(self, monkeypatch):
        self.keys: set[str] | None = None
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._recording(original))

    def _recording(self, original):
        def recorded(query_dict, key, *args, **kwargs):
            if self.keys is not None and isinstance(key, str):
                self.keys.add(key)
            return original(query_dict, key, *args, **kwargs)
        return recorded

    def __enter__(self):
        self.keys = set()
        return self

    def __exit__(self, *exc):
        self.found, self.keys = self.keys, None


def fuzz_query(fuzzer: Fuzzer, users: list[str], url: str, keys: list[str]):
    first, *others = users
    for row in range(len(QUERY_VALUES)):
        query = urlencode(_latin(keys, QUERY_VALUES, row))
        if row == 0:  # every other key again, last, in broken UTF-8
            query += "&" + "&".join(f"{k}={RAW_BYTES}" for k in keys[::2])
        fuzzer.send(first, "get", f"{url}{'&' if '?' in url else '?'}{query}",
                    label=f"query row {row}")
    for n, persona in enumerate(others, start=1):
        query = urlencode(_latin(keys, QUERY_VALUES, n))
        fuzzer.send(persona, "get", f"{url}{'&' if '?' in url else '?'}{query}",
                    label=f"query row {n}")


def fuzz_form(fuzzer: Fuzzer, persona: str, form: Form):
    base = form.baseline()
    names = form.names
    if not names and not form.file_fields:  # a button alone: only the body can be hostile
        if form.method == "post":
            fuzzer.send(persona, "post", form.action, raw=f"x={RAW_BYTES}&%00=%00",
                        label="a broken body")
        return
    autosave = form.action.endswith("/save/") or "/steps/" in form.action

    def send(data, label, htmx=False):
        payload = dict(data)
        for name in form.file_fields:
            payload[name] = SimpleUploadedFile(
                "a\x00b" + "ü" * 300 + ".pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        method = "get" if form.method == "get" else "post"
        return fuzzer.send(persona, method, form.action, payload, htmx=htmx, label=label)

    kinds = {name: kind for name, kind, _v in form.fields}
    # Every field one sees at once (the hidden ones, a version, an action, kept as the page set
    # them, so the form can reach its service); then, where there are hidden fields, those too.
    visible = [n for n in names if kinds.get(n) != "hidden"] or names
    for n, value in enumerate(EVERY_FIELD):
        send({**base, **{name: [value] for name in visible}}, f"every field {short(value)}",
             htmx=autosave and n % 2 == 0)
    if visible != names:
        for n, value in enumerate(EVERY_FIELD[:2]):
            send({**base, **{name: [value] for name in names}},
                 f"every field, hidden ones too, {short(value)}", htmx=autosave and n % 2 == 1)
    texts = [n for n, kind, _v in form.fields if kind in ("text", "textarea", "search")]
    if texts:
        send({**base, texts[0]: [MEGABYTE]}, f"{texts[0]} = a megabyte")
    if form.method == "post":
        fuzzer.send(persona, "post", form.action,
                    raw="&".join(f"{quote(n)}={RAW_BYTES}" for n in names),
                    label="every field broken UTF-8")
    if autosave:
        for key in ("\x00", names[0] + "\x00", "score-99999999999999999999", "score-\x00"):
            send({**base, key: ["1"]}, f"key {short(key)}", htmx=True)
    seen = set()
    for number, name in enumerate(names):
        if _same_kind(name) in seen:
            continue
        seen.add(_same_kind(name))
        kind = kinds.get(name, "text")
        if kind in STRICT_INPUTS or name.endswith("_FORMS"):  # a formset's own counts too
            continue  # refused by its form whatever else is sent: the rows above cover it
        values = {"number": [LONG, "-1"]}.get(
            kind, [LONG] if kind in ("hidden", "select", "checkbox", "radio")
            else ["a\x00" + LONG])
        for value in values:
            send({**base, name: [value]}, f"{name} = {short(value)}",
                 htmx=autosave and number % 2 == 0)


def test_no_hostile_input_breaks_a_page_or_is_stored(world, monkeypatch):
    # The test client keeps a copy of every template context it renders (a select of 400
    # time zones: 400 copies); nothing here reads them.
    monkeypatch.setattr("django.test.client.store_rendered_templates", lambda *a, **k: None)
    # A request's rollback brings back a removed attachment's row, not its file: keep files.
    monkeypatch.setattr("django.core.files.storage.FileSystemStorage.delete",
                        lambda storage, name: None)
    read_keys = ReadKeys(monkeypatch)
    fuzzer = Fuzzer(world)
    started = time.perf_counter()
    fuzzed_forms: set = set()
    unreached: list[str] = []  # pages no persona of theirs could open (POST-only ones aside)
    for route in _routes():
        users = users_of(route.name)
        for url in _urls(world, route):
            first = None
            for persona in users:
                with read_keys:
                    response = fuzzer.send(persona, "get", url, label="plain")
                if response is not None and response.status_code < 400:
                    first = persona
                    break
            if first is None:
                if response is None or response.status_code != 405:
                    unreached.append(f"{url} ({response and response.status_code})")
                continue
            if "html" in response.get("Content-Type", ""):
                for form in forms_of(response.content.decode(), url):
                    key = (_view_of(form.action), form.method, tuple(form.names))
                    if key not in fuzzed_forms and key[0] not in SKIPPED:
                        fuzzed_forms.add(key)
                        fuzz_form(fuzzer, first, form)
            # What the page reads of its query string (its filter forms' fields among them).
            keys = sorted(read_keys.found - {"csrfmiddlewaretoken"})
            if keys:
                fuzz_query(fuzzer, users[users.index(first):], url, keys)
        for url in _hostile_paths(world, route):
            response = fuzzer.send(users[0], "get", url, label="hostile path")
            if response is not None and response.status_code == 405:
                fuzzer.send(users[0], "post", url, {}, label="hostile path")
    elapsed = time.perf_counter() - started
    print(f"\n{fuzzer.requests} requests, {len(fuzzed_forms)} forms, {elapsed:.1f} s; "
          f"not opened: {', '.join(unreached) or 'none'}")
    report = "\n".join(str(f) for f in fuzzer.findings)
    assert not fuzzer.findings, f"{len(fuzzer.findings)} findings:\n{report}"
    # The season reaches the forms of every area (a broken login would reach none).
    assert len(fuzzed_forms) >= 50, sorted(fuzzed_forms)
    assert unreached == [], unreached
