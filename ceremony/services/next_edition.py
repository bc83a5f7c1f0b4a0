"""A new edition made from this one's configuration ("Start a new edition from this one").

What is copied is listed field by field in ``COPY_PLANS`` (and every model of the four apps
that is not copied is named, with the reason, in ``NOT_COPIED``): the copy reads those lists,
and a test compares them with the models, so a configuration field added later and not handled
fails that test instead of being silently left behind.

Copied: the edition's own settings (texts, time zone, contact, venue), its categories (who may
enter, quotas), the entry forms and which form each entrant kind fills in each category, the
screening reasons, the rounds with their criteria, weights, scales and quotas, the awards (their
partners mapped to the copied organisations), the organisations, the timeline, the ceremony's
details and its programme outline. Never copied: entries, people (accounts, roles, judges,
panels), scores, reviews, decisions, invitations, publication, reveal state, nor the presenters
(the people on stage that evening; see ``ProgrammeItem`` in ``COPY_PLANS``).

Dates move by the difference in years (one, by default), on the same day and time of day in
the edition's time zone (29 February becomes the 28th); every one of them can be changed before
saving. The programme keeps its place relative to the ceremony: an item 30 minutes after the
ceremony's start still is, whatever moment the ceremony moves to.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from entries import models as entries_models
from judging import models as judging_models
from prize import models as prize_models
from prize.enums import EditionStatus, Role
from prize.inputs import clean_text
from prize.services import audit, edition_make_current, role_grant
from prize.translated_forms import column

from .. import models as ceremony_models
from .results import CeremonyError, _check_secretariat

__all__ = [
    "COPY_PLANS",
    "NOT_COPIED",
    "CopyPlan",
    "copy_problems",
    "edition_copy",
    "move_years",
    "next_edition_defaults",
]

YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class CopyPlan:
    """What happens to each field of a model when an edition is copied.

    ``copied``: taken as it is (JSON deep-copied). ``mapped``: a relation pointed at the copied
    rows (the new edition, its categories, rounds, forms, organisations, awards). ``dates``:
    moved by a year by default, editable on the form. ``given``: typed on the form or chosen
    there (name, slug, year; status and current edition). ``skipped``: left out, with why.
    """

    copied: tuple[str, ...] = ()
    mapped: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)

    def fields(self) -> set[str]:
        return {*self.copied, *self.mapped, *self.dates, *self.given, *self.skipped}


_STAMPS = {"created_at": "set when the row is made", "updated_at": "set when the row is saved"}

COPY_PLANS: dict[type, CopyPlan] = {
    prize_models.Edition: CopyPlan(
        copied=("tagline", "about", "how_to_enter", "time_zone", "ceremony_venue",
                "contact_email"),
        dates=("call_opens_at", "call_closes_at", "ceremony_at"),
        given=("name", "short_name", "slug", "year", "status", "is_current"),
        skipped=_STAMPS,
    ),
    prize_models.Organisation: CopyPlan(
        copied=("name", "role", "description", "url", "order"), mapped=("edition",)),
    prize_models.Milestone: CopyPlan(
        copied=("title", "description"), mapped=("edition",), dates=("starts_at", "ends_at")),
    prize_models.Category: CopyPlan(
        copied=("name", "slug", "code", "description", "allowed_entrant_kinds",
                "finalist_quota", "winner_quota", "order"),
        mapped=("edition",)),
    entries_models.EntryForm: CopyPlan(copied=("name", "slug", "schema"), mapped=("edition",)),
    entries_models.EntryFormUse: CopyPlan(copied=("entrant_kind",), mapped=("category", "form")),
    entries_models.ScreeningReason: CopyPlan(
        copied=("decision", "text", "order"), mapped=("edition",)),
    judging_models.Round: CopyPlan(
        copied=("number", "name", "judges_per_entry", "blind", "rank_by", "tie_break",
                "disagreement_threshold", "conflict_same_organisation", "conflict_same_city",
                "conflict_same_country", "reminder_hours"),
        mapped=("edition",), dates=("opens_at", "closes_at"),
        skipped={"status": "a new round is a draft", **_STAMPS}),
    judging_models.RoundQuota: CopyPlan(copied=("advance",), mapped=("round", "category")),
    judging_models.Criterion: CopyPlan(
        copied=("name", "guidance", "weight", "scale_min", "scale_max", "required", "order"),
        mapped=("round", "category")),
    ceremony_models.Award: CopyPlan(
        copied=("name", "kind", "tier", "order", "winners", "description", "pool"),
        mapped=("edition", "category", "partners"),
        skipped={"revealed_at": "the live reveal's record of that evening", **_STAMPS}),
    ceremony_models.Ceremony: CopyPlan(
        copied=("address", "map_url", "description", "invite", "max_guests",
                "publish_as_revealed"),
        mapped=("edition",), dates=("reply_by",),
        skipped={"updated_at": _STAMPS["updated_at"]}),
    ceremony_models.ProgrammeItem: CopyPlan(
        copied=("duration", "title", "kind", "description", "notes", "order"),
        mapped=("edition", "awards"), dates=("starts_at",),
        skipped={"presenters": "the people on stage change every year (photos, bios and "
                               "titles of that evening): added again on the programme page"}),
}



def _with_languages(plans: dict[type, CopyPlan]) -> dict[type, CopyPlan]:
    """Each translated text is copied in every language (its columns ``name_en``,
    ``name_ko``…, prize/translation.py); a text typed on the form (the new edition's name) is
    typed in the main language, its other languages on the new edition's settings page."""
    from dataclasses import replace

    from modeltranslation.translator import NotRegistered, translator

    from prize.translated_forms import main_language

    languages = list(settings.MODELTRANSLATION_LANGUAGES)
    for model, plan in list(plans.items()):
        try:
            translated = translator.get_options_for_model(model).fields
        except NotRegistered:
            continue
        copied, given, skipped = list(plan.copied), list(plan.given), dict(plan.skipped)
        for name in translated:
            if name in plan.copied:
                copied += [column(name, code) for code in languages]
            elif name in plan.given:
                given.append(column(name))
                skipped.update({column(name, code): "typed anew on the new edition's settings "
                                "page, next to the name the form asks"
                                for code in languages if code != main_language()})
        plans[model] = replace(plan, copied=tuple(copied), given=tuple(given), skipped=skipped)
    return plans


COPY_PLANS = _with_languages(COPY_PLANS)

NOT_COPIED: dict[type, str] = {
    prize_models.User: "people",
    prize_models.RoleAssignment: "people (the person who copies becomes secretariat)",
    prize_models.Notification: "the outbox of the edition's season",
    prize_models.AuditEvent: "the history of the edition's season",
    prize_models.SavedView: "each person's own bookmarks of the staff lists",
    prize_models.Anonymised: "people (accounts closed or anonymised)",
    prize_models.TeamInvitation: "people (the next edition's team is invited anew)",
    prize_models.Message: "the season's messages to its people (each season writes its own)",
    prize_models.MessageRecipient: "people (what each person received in the season)",
    prize_models.Job: "files built for one person (entry books), deleted after a few days",
    entries_models.Entrant: "people",
    entries_models.EntrantMember: "people",
    entries_models.Invitation: "people",
    entries_models.Extension: "granted to one entrant for one season",
    entries_models.Entry: "entries",
    entries_models.EntryRevision: "entries",
    entries_models.Attachment: "entries",
    entries_models.AnonymisedVersion: "entries",
    entries_models.ScreeningDecision: "entries' screening",
    entries_models.Redaction: "entries (passages hidden in one entry's answers)",
    entries_models.Tag: "the staff's working labels of one season's entries (a new season "
                        "sorts its own entries, and makes its tags in a few seconds)",
    entries_models.EntryTag: "entries (tags on one season's entries)",
    entries_models.Note: "entries (staff's private notes on one season's entries)",
    judging_models.RoundEntry: "entries in a round",
    judging_models.JudgeProfile: "people",
    judging_models.PanelMembership: "judges and panels",
    judging_models.ConflictDeclaration: "judges",
    judging_models.Assignment: "judges' work",
    judging_models.AssignmentRun: "judges' work",
    judging_models.Recusal: "judges' work",
    judging_models.Review: "reviews",
    judging_models.Score: "scores",
    ceremony_models.Decision: "decisions",
    ceremony_models.Publication: "the publication of that season's results",
    ceremony_models.Certificate: "decisions",
    ceremony_models.ResultMailing: "the results of that season",
    ceremony_models.Presenter: "people (see ProgrammeItem)",
    ceremony_models.Invitation: "invitations and replies",
    ceremony_models.RevealState: "the reveal's state",
    ceremony_models.ScreenLink: "the reveal's links",
}


# --- Dates ------------------------------------------------------------------------------------


def move_years(moment: datetime | None, years: int, tz) -> datetime | None:
    """``moment`` ``years`` later, on the same day and time of day in ``tz`` (29 February
    becomes the 28th in a year without it)."""
    if moment is None:
        return None
    local = moment.astimezone(tz)
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


def _ceremony_of(edition) -> ceremony_models.Ceremony | None:
    return ceremony_models.Ceremony.objects.filter(edition=edition).first()


def _moved_dates(source, years: int, *, milestones, rounds, ceremony) -> dict[str, datetime | None]:
    tz = source.tz
    dates = {
        "call_opens_at": move_years(source.call_opens_at, years, tz),
        "call_closes_at": move_years(source.call_closes_at, years, tz),
        "ceremony_at": move_years(source.ceremony_at, years, tz),
    }
    if ceremony is not None:
        dates["reply_by"] = move_years(ceremony.reply_by, years, tz)
    for m in milestones:
        dates[f"milestone_{m.pk}_starts_at"] = move_years(m.starts_at, years, tz)
        dates[f"milestone_{m.pk}_ends_at"] = move_years(m.ends_at, years, tz)
    for r in rounds:
        dates[f"round_{r.pk}_opens_at"] = move_years(r.opens_at, years, tz)
        dates[f"round_{r.pk}_closes_at"] = move_years(r.closes_at, years, tz)
    return dates


# --- What the form starts with ----------------------------------------------------------------


def _next_text(text: str, old: int, new: int) -> str | None:
    """``text`` with the year ``old`` (or its last two digits at the end) made ``new``; None
    when it names no year."""
    if str(old) in text:
        return text.replace(str(old), str(new))
    short = f"{old % 100:02d}"
    if re.search(rf"(?<!\d){short}$", text):
        return text[: -len(short)] + f"{new % 100:02d}"
    return None


def _next_short_name(source, year: int) -> str:
    return (_next_text(source.short_name, source.year, year)
            or f"{source.short_name}{year % 100:02d}")


def next_edition_defaults(source: prize_models.Edition, *, milestones=None, rounds=None,
                          ceremony=None) -> dict:
    """Name, short name, slug and year of the next edition, and every date a year on (the
    form's initial values). Callers that loaded the milestones, rounds and ceremony pass them."""
    year = source.year + 1
    milestones = list(source.milestones.all()) if milestones is None else milestones
    rounds = list(source.rounds.all()) if rounds is None else rounds
    if ceremony is None:
        ceremony = _ceremony_of(source)
    name = _next_text(source.name, source.year, year) or f"{source.name} {year}"
    short_name = _next_short_name(source, year)
    slug = _next_text(source.slug, source.year, year) or f"{source.slug}-{year}"
    return {
        "name": name[:200],
        "short_name": short_name[:40],
        "slug": slug[:50],
        "year": year,
        "dates": _moved_dates(source, 1, milestones=milestones, rounds=rounds,
                              ceremony=ceremony),
    }


# --- Checks -----------------------------------------------------------------------------------


def _text_problem(value: str, limit: int, label: str) -> str | None:
    if not value.strip():
        return _("Enter the %(what)s.") % {"what": label}
    if clean_text(value) != value:
        return _("The %(what)s contains characters that cannot be stored (control "
                 "characters).") % {"what": label}
    if len(value) > limit:
        return _("The %(what)s is too long: at most %(limit)d characters.") % {
            "what": label, "limit": limit}
    return None


def copy_problems(source: prize_models.Edition, *, name: str, short_name: str, slug: str,
                  year, dates: Mapping[str, datetime | None], open_call: bool = False,
                  make_current: bool = False, milestones=None, rounds=None,
                  ceremony=None) -> dict[str, list[str]]:
    """Everything that stops the copy, by the form's field name ("__all__" for the whole)."""
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    for key, value, limit, label in (("name", name, 200, _("name")),
                                     ("short_name", short_name, 40, _("short name"))):
        problem = _text_problem(value or "", limit, label)
        if problem:
            add(key, problem)
    slug = slug or ""
    try:
        validate_slug(slug)
        if len(slug) > 50:
            add("slug", _("The slug is too long: at most 50 characters."))
    except ValidationError:
        add("slug", _("Enter a slug of letters, numbers, hyphens or underscores, e.g. "
                      "seoul-smart-city-prize-2024."))
    if "slug" not in problems and prize_models.Edition.objects.filter(slug=slug).exists():
        add("slug", _("Another edition already uses the slug “%(slug)s”: choose another.")
            % {"slug": slug})
    if "short_name" not in problems and prize_models.Edition.objects.filter(
            short_name__iexact=short_name).exists():
        add("short_name", _("Another edition already uses the short name “%(name)s”: entry "
                            "references start with it, so choose another.") % {"name": short_name})
    if not isinstance(year, int) or isinstance(year, bool) or not YEAR_MIN <= year <= YEAR_MAX:
        add("year", _("Enter a year from %(min)d to %(max)d.") % {"min": YEAR_MIN,
                                                                  "max": YEAR_MAX})
    if make_current and not open_call:
        add("make_current", _("Only an edition whose call is open can be the one the home page "
                              "shows: tick “open the call” too, or leave this for later."))

    opens, closes = dates.get("call_opens_at"), dates.get("call_closes_at")
    ceremony_at = dates.get("ceremony_at")
    if opens is None:
        add("call_opens_at", _("Enter when the call opens."))
    if closes is None:
        add("call_closes_at", _("Enter when the call closes."))
    if opens and closes and closes <= opens:
        add("call_closes_at", _("The call must close after it opens."))
    if ceremony_at and closes and ceremony_at < closes:
        add("ceremony_at", _("The ceremony comes after the call closes."))
    reply_by = dates.get("reply_by")
    if reply_by and ceremony_at and reply_by > ceremony_at:
        add("reply_by", _("Replies are due before the ceremony."))

    milestones = list(source.milestones.all()) if milestones is None else milestones
    for m in milestones:
        starts = dates.get(f"milestone_{m.pk}_starts_at")
        ends = dates.get(f"milestone_{m.pk}_ends_at")
        if starts is None:
            add(f"milestone_{m.pk}_starts_at",
                _("Enter when “%(title)s” starts.") % {"title": m.title})
        elif ends and ends < starts:
            add(f"milestone_{m.pk}_ends_at",
                _("“%(title)s” cannot end before it starts.") % {"title": m.title})

    rounds = sorted(source.rounds.all() if rounds is None else rounds, key=lambda r: r.number)
    previous = None
    for r in rounds:
        key = f"round_{r.pk}_"
        r_opens, r_closes = dates.get(key + "opens_at"), dates.get(key + "closes_at")
        if r_opens is None:
            add(key + "opens_at", _("Enter when %(round)s opens.") % {"round": r.name})
        if r_closes is None:
            add(key + "closes_at", _("Enter when %(round)s closes.") % {"round": r.name})
        if r_opens and r_closes and r_closes <= r_opens:
            add(key + "closes_at", _("%(round)s must close after it opens.") % {"round": r.name})
        if r_opens and opens and r_opens < opens:
            add(key + "opens_at", _("%(round)s cannot open before the call opens.")
                % {"round": r.name})
        if r_opens and previous and previous[1] and r_opens < previous[1]:
            add(key + "opens_at", _("%(round)s opens before %(previous)s closes: rounds follow "
                                    "one another.") % {"round": r.name, "previous": previous[0]})
        if r_closes and ceremony_at and r_closes > ceremony_at:
            add(key + "closes_at", _("%(round)s closes after the ceremony, which announces its "
                                     "results.") % {"round": r.name})
        previous = (r.name, r_closes)
    return problems


# --- The copy ---------------------------------------------------------------------------------


def _values(obj, plan: CopyPlan) -> dict:
    return {name: copy.deepcopy(getattr(obj, name)) for name in plan.copied}


def edition_copy(source: prize_models.Edition, *, by, name: str, slug: str, year: int,
                 short_name: str | None = None,
                 dates: Mapping[str, datetime | None] | None = None,
                 open_call: bool = False, make_current: bool = False) -> prize_models.Edition:
    """Make a new edition from ``source``'s configuration, in one transaction, audited.
    ``dates`` holds the dates the person set (form field names: ``call_opens_at``,
    ``milestone_<pk>_starts_at``, ``round_<pk>_closes_at``...); any date left out is moved by
    ``year - source.year`` years. ``by`` becomes the new edition's secretariat. The new edition
    is in preparation (visible to its staff only) unless ``open_call``; ``make_current`` shows it
    on the home page. Raises ``ValidationError`` with the problems by field name."""
    _check_secretariat(by, source)
    milestones = list(source.milestones.order_by("starts_at", "pk"))
    rounds = list(source.rounds.order_by("number"))
    ceremony = _ceremony_of(source)
    years = year - source.year if isinstance(year, int) else 1
    moved = _moved_dates(source, years, milestones=milestones, rounds=rounds, ceremony=ceremony)
    given = dict(dates or {})
    dates = {key: given.get(key, value) for key, value in moved.items()}
    if short_name is None:
        short_name = _next_short_name(source, year if isinstance(year, int) else source.year)
    problems = copy_problems(source, name=name, short_name=short_name, slug=slug, year=year,
                             dates=dates, open_call=open_call, make_current=make_current,
                             milestones=milestones, rounds=rounds, ceremony=ceremony)
    if problems:
        raise CeremonyError(problems)
    try:
        with transaction.atomic():
            edition = _copy(source, by=by, name=name.strip(), short_name=short_name.strip(),
                            slug=slug, year=year, dates=dates, open_call=open_call,
                            milestones=milestones, rounds=rounds, ceremony=ceremony)
            if make_current:
                edition_make_current(edition=edition, by=by)
    except IntegrityError:
        if not prize_models.Edition.objects.filter(slug=slug).exists():
            raise
        # Someone took the slug between the check and the save.
        raise CeremonyError({"slug": [_("Another edition already uses the slug “%(slug)s”: "
                                        "choose another.") % {"slug": slug}]}) from None
    return edition


def _copy(source, *, by, name, short_name, slug, year, dates, open_call, milestones, rounds,
          ceremony):
    plans = COPY_PLANS
    E, C, Org, M = (prize_models.Edition, prize_models.Category, prize_models.Organisation,
                    prize_models.Milestone)
    edition = E.objects.create(
        **_values(source, plans[E]), slug=slug, year=year,
        # the typed names are the main language's, whatever the language of the person copying
        **{column("name"): name, column("short_name"): short_name},
        status=EditionStatus.CALL_OPEN if open_call else EditionStatus.DRAFT, is_current=False,
        call_opens_at=dates["call_opens_at"], call_closes_at=dates["call_closes_at"],
        ceremony_at=dates["ceremony_at"])

    categories = {}
    for category in C.objects.filter(edition=source).order_by("order", "pk"):
        categories[category.pk] = C.objects.create(edition=edition,
                                                   **_values(category, plans[C]))
    organisations = {}
    for organisation in Org.objects.filter(edition=source).order_by("order", "pk"):
        organisations[organisation.pk] = Org.objects.create(
            edition=edition, **_values(organisation, plans[Org]))
    M.objects.bulk_create([
        M(edition=edition, **_values(m, plans[M]),
          starts_at=dates[f"milestone_{m.pk}_starts_at"],
          ends_at=dates[f"milestone_{m.pk}_ends_at"])
        for m in milestones])

    Form, Use, Reason = (entries_models.EntryForm, entries_models.EntryFormUse,
                         entries_models.ScreeningReason)
    forms = {}
    for form in Form.objects.filter(edition=source).order_by("pk"):
        forms[form.pk] = Form.objects.create(edition=edition, **_values(form, plans[Form]))
    Use.objects.bulk_create([
        Use(category=categories[use.category_id], form=forms[use.form_id],
            **_values(use, plans[Use]))
        for use in Use.objects.filter(category__edition=source).order_by("pk")])
    Reason.objects.bulk_create([
        Reason(edition=edition, **_values(reason, plans[Reason]))
        for reason in Reason.objects.filter(edition=source).order_by("decision", "order", "pk")])

    Round, Quota, Criterion = (judging_models.Round, judging_models.RoundQuota,
                               judging_models.Criterion)
    new_rounds = {}
    for round in rounds:
        new_rounds[round.pk] = Round.objects.create(
            edition=edition, **_values(round, plans[Round]),
            opens_at=dates[f"round_{round.pk}_opens_at"],
            closes_at=dates[f"round_{round.pk}_closes_at"])
    Quota.objects.bulk_create([
        Quota(round=new_rounds[q.round_id], category=categories[q.category_id],
              **_values(q, plans[Quota]))
        for q in Quota.objects.filter(round__edition=source).order_by("pk")])
    Criterion.objects.bulk_create([
        Criterion(round=new_rounds[c.round_id], category=categories[c.category_id],
                  **_values(c, plans[Criterion]))
        for c in Criterion.objects.filter(round__edition=source).order_by("pk")])

    Award = ceremony_models.Award
    awards = {}
    for award in Award.objects.filter(edition=source).prefetch_related("partners").order_by(
            "pk"):
        new = Award.objects.create(
            edition=edition, category=categories.get(award.category_id),
            **_values(award, plans[Award]))
        new.partners.set([organisations[p.pk] for p in award.partners.all()])
        awards[award.pk] = new

    Ceremony, Item = ceremony_models.Ceremony, ceremony_models.ProgrammeItem
    if ceremony is not None:
        Ceremony.objects.create(edition=edition, **_values(ceremony, plans[Ceremony]),
                                reply_by=dates.get("reply_by"))
    items = 0
    for item in Item.objects.filter(edition=source).prefetch_related("awards").order_by(
            "starts_at", "order", "pk"):
        if source.ceremony_at and dates["ceremony_at"]:
            starts_at = dates["ceremony_at"] + (item.starts_at - source.ceremony_at)
        else:
            starts_at = move_years(item.starts_at, edition.year - source.year, source.tz)
        new = Item.objects.create(edition=edition, starts_at=starts_at,
                                  **_values(item, plans[Item]))
        new.awards.set([awards[a.pk] for a in item.awards.all()])
        items += 1

    role_grant(user=by, edition=edition, role=Role.SECRETARIAT, by=by)
    audit(by, "edition.copy", edition, after={
        "from": source.slug, "categories": len(categories), "forms": len(forms),
        "rounds": len(new_rounds), "awards": len(awards), "organisations": len(organisations),
        "milestones": len(milestones), "ceremony": ceremony is not None, "programme": items,
        "status": edition.status})
    return edition
