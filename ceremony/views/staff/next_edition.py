"""Start a new edition from this one: a form prefilled with the next year's name, short name,
slug and year and every date a year on (the call, the ceremony and its reply deadline, each
milestone, each round), all editable; a summary of what will be copied and what will not. The
edition's secretariat (and a superuser) only: coordinators do not see it (404)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entries.models import EntryForm, EntryFormUse, ScreeningReason
from judging.models import Criterion, Round, RoundQuota
from prize.forms import DateTimeLocalInput
from prize.inputs import LimitedFormMixin, bound
from prize.models import Category, Milestone, Organisation, RoleAssignment

from ... import services
from ...models import Award, Ceremony, Decision, Presenter, ProgrammeItem
from ...services.next_edition import YEAR_MAX, YEAR_MIN
from ...staff_forms import DATETIME_FORMATS, StyledForm
from .common import edition_page, render_page

PERM = "ceremony.manage_ceremony"


@dataclass
class Source:
    """The edition's configuration, read once for the form and the summary."""

    milestones: list
    rounds: list
    ceremony: Ceremony | None


def _source(edition) -> Source:
    rounds = list(Round.objects.filter(edition=edition).order_by("number").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.select_related("category").order_by(
            "category__order", "category__pk", "order", "pk")),
        Prefetch("quotas", queryset=RoundQuota.objects.select_related("category").order_by(
            "category__order", "category__pk"))))
    return Source(
        milestones=list(Milestone.objects.filter(edition=edition).order_by("starts_at", "pk")),
        rounds=rounds,
        ceremony=Ceremony.objects.filter(edition=edition).first(),
    )


def _moment(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(), help_text=help_text,
        error_messages={"invalid": gettext_lazy("Enter a date and time, e.g. 2024-09-25 15:00."),
                        "required": gettext_lazy("Enter a date and time.")})


class NextEditionForm(LimitedFormMixin, StyledForm, forms.Form):
    """Input checks only (formats, lengths); the service checks that the whole holds together
    (a slug taken, dates out of order) and its problems are shown on the fields they name."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    short_name = forms.CharField(
        label=gettext_lazy("Short name"), max_length=40,
        help_text=gettext_lazy("Used in e-mail subjects and entry references, e.g. SSCP24."))
    slug = forms.SlugField(
        label=gettext_lazy("Slug"), max_length=50,
        help_text=gettext_lazy("The edition's address on the site: letters, numbers and "
                               "hyphens."))
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        help_text=gettext_lazy("The dates below are a year on; change them if you skip one."))
    open_call = forms.BooleanField(
        label=gettext_lazy("Open the call at once"), required=False,
        help_text=gettext_lazy("Unticked, the new edition stays in preparation: only its staff "
                               "see it until its call opens."))
    make_current = forms.BooleanField(
        label=gettext_lazy("Show it on the home page (the current edition)"), required=False,
        help_text=gettext_lazy("This edition stays on the site, with its winners, at its own "
                               "address."))

    def __init__(self, *args, edition, source: Source, **kwargs):
        defaults = services.next_edition_defaults(
            edition, milestones=source.milestones, rounds=source.rounds,
            ceremony=source.ceremony)
        initial = {key: defaults[key] for key in ("name", "short_name", "slug", "year")}
        initial.update(defaults["dates"])
        super().__init__(*args, initial=initial, **kwargs)
        bound(self.fields["year"], YEAR_MIN, YEAR_MAX)
        tz = edition.time_zone
        in_tz = _("In the edition's time zone, %(tz)s.") % {"tz": tz}
        self.fields["call_opens_at"] = _moment(_("The call opens"), help_text=in_tz)
        self.fields["call_closes_at"] = _moment(_("The call closes"))
        self.fields["ceremony_at"] = _moment(
            _("The ceremony"), required=False,
            help_text=_("The programme keeps its times relative to the ceremony's start."))
        self.call_keys = ["call_opens_at", "call_closes_at", "ceremony_at"]
        if source.ceremony is not None:
            self.fields["reply_by"] = _moment(_("Invitees reply by"), required=False)
            self.call_keys.append("reply_by")
        self.milestone_keys = []
        for m in source.milestones:
            starts, ends = f"milestone_{m.pk}_starts_at", f"milestone_{m.pk}_ends_at"
            self.fields[starts] = _moment(_("“%(title)s” starts") % {"title": m.title})
            self.fields[ends] = _moment(_("“%(title)s” ends") % {"title": m.title},
                                        required=False)
            self.milestone_keys.append((m, starts, ends))
        self.round_keys = []
        for r in source.rounds:
            opens, closes = f"round_{r.pk}_opens_at", f"round_{r.pk}_closes_at"
            self.fields[opens] = _moment(_("%(round)s opens") % {"round": r.name})
            self.fields[closes] = _moment(_("%(round)s closes") % {"round": r.name})
            self.round_keys.append((r, opens, closes))
        self.date_keys = (self.call_keys + [k for _m, *keys in self.milestone_keys for k in keys]
                          + [k for _r, *keys in self.round_keys for k in keys])
        self.style()

    # The fields in the page's groups.
    def identity(self):
        return [self[name] for name in ("name", "short_name", "slug", "year")]

    def call(self):
        return [self[name] for name in self.call_keys]

    def milestones(self):
        return [(m, self[starts], self[ends]) for m, starts, ends in self.milestone_keys]

    def rounds(self):
        return [(r, self[opens], self[closes]) for r, opens, closes in self.round_keys]

    def options(self):
        return [self["open_call"], self["make_current"]]

    def copy_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(), "short_name": data["short_name"].strip(),
            "slug": data["slug"], "year": data["year"],
            "dates": {key: data.get(key) for key in self.date_keys},
            "open_call": data["open_call"], "make_current": data["make_current"],
        }

    def add_problems(self, exc: ValidationError) -> None:
        """The service's problems on the fields they name (the page's top for the rest)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.error_dict.items():
            self.add_error(key if key in self.fields else None, errors)


def summary(edition, source: Source) -> dict:
    """What will be copied, and what of this season will not: a fixed number of queries
    whatever the number of categories, rounds, criteria or awards."""
    categories = list(Category.objects.filter(edition=edition).order_by("order", "pk")
                      .prefetch_related(Prefetch(
                          "form_uses", queryset=EntryFormUse.objects.select_related("form")
                          .order_by("entrant_kind"))))
    rounds = []
    for r in source.rounds:
        per_category: dict[int, dict] = {}
        for criterion in r.criteria.all():
            per_category.setdefault(criterion.category_id, {
                "category": criterion.category, "criteria": [], "quota": None})[
                "criteria"].append(criterion)
        for quota in r.quotas.all():
            per_category.setdefault(quota.category_id, {
                "category": quota.category, "criteria": [], "quota": None})["quota"] = quota
        rounds.append({"round": r, "categories": sorted(
            per_category.values(), key=lambda c: (c["category"].order, c["category"].pk))})
    awards = sorted(  # each category's awards in tier order, then the special mentions
        Award.objects.filter(edition=edition).select_related("category")
        .prefetch_related("partners"),
        key=lambda a: (a.category is None, a.category.order if a.category else 0,
                       a.category_id or 0, a.order, a.name))
    return {
        "categories": categories,
        "forms": EntryForm.objects.filter(edition=edition).count(),
        "reasons": ScreeningReason.objects.filter(edition=edition).count(),
        "rounds": rounds,
        "awards": awards,
        "organisations": list(Organisation.objects.filter(edition=edition)
                              .order_by("order", "name")),
        "milestones": source.milestones,
        "ceremony": source.ceremony,
        "programme": ProgrammeItem.objects.filter(edition=edition).count(),
        "presenters": Presenter.objects.filter(edition=edition).count(),
        "entries": edition.entries.count(),
        "people": RoleAssignment.objects.filter(edition=edition).values("user").distinct()
        .count(),
        "decisions": Decision.objects.filter(award__edition=edition).count(),
    }


@edition_page(PERM)
def staff_next_edition(request, edition):
    source = _source(edition)
    form = NextEditionForm(request.POST or None, edition=edition, source=source)
    if request.method == "POST":
        if form.is_valid():
            try:
                new = services.edition_copy(edition, by=request.user, **form.copy_arguments())
            except ValidationError as exc:
                form.add_problems(exc)
            else:
                messages.success(request, _(
                    "“%(new)s” is made from %(old)s: check its settings and categories here, "
                    "then its rounds, awards and ceremony.") % {"new": new.name,
                                                                 "old": edition.name})
                return redirect("staff_edition_settings", slug=new.slug)
        return _page(request, edition, form, source, status=400)
    return _page(request, edition, form, source)


def _page(request, edition, form, source, *, status=200):
    return render_page(request, edition, "ceremony/staff/next_edition.html", {
        "form": form,
        "summary": summary(edition, source),
    }, current="ceremony:staff_next_edition", status=status)
