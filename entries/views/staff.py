"""The secretariat's pages: the entries list with filters and exports, one entry with its
history and revisions, screening (one by one or in bulk), releasing decisions, extensions.

The edition comes from the URL. Its secretariat and coordinators see the lists, entries,
revisions and exports; only the secretariat (and a superuser) screens, releases and grants
extensions. For everyone else these pages do not exist (404); anonymous visitors are asked to
log in.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from prize.audit_display import action_label
from prize.formats import moment
from prize.inputs import int_param
from prize.models import AuditEvent, Edition
from prize.permissions import deny
from prize.rules import is_edition_staff, is_secretariat, is_superuser
from prize.selectors import editions_visible_to

from .. import exports
from ..enums import ENTERED_STATUSES, EntryStatus
from ..filters import ALL, EntriesList, filter_entries
from ..list_rows import entry_rows
from ..models import Entrant, EntrantMember, Entry, ScreeningDecision
from ..presentation import answer_sections, revision_changes
from ..selectors import entries_screenable_by, extension_for
from ..services import EntryError, extension_grant, screening_decide, screening_release
from ..staff_forms import BulkScreeningForm, ExtensionForm, ScreeningForm

# Who may look, and who may act, in an edition's entries.
may_view_entries = is_superuser | is_edition_staff
may_screen_entries = is_superuser | is_secretariat


# --- Access ----------------------------------------------------------------------------------


def staff_page(*, act: bool = False):
    """Resolve ``edition_slug`` to an edition the user may see the entries of (``act``: may
    screen them), and pass it to the view as ``edition``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, edition_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return deny(request)
            edition = get_object_or_404(editions_visible_to(request.user), slug=edition_slug)
            rule = may_screen_entries if act else may_view_entries
            if not rule.test(request.user, edition):
                raise Http404
            return view(request, edition, *args, **kwargs)

        return wrapped

    return decorator


def _entry(request, edition: Edition, pk: int, *, act: bool = False) -> Entry:
    entry = get_object_or_404(entries_screenable_by(request.user), edition=edition, pk=pk)
    if act and not request.user.has_perm("entries.screen_entry", entry):
        raise Http404
    return entry


def _can_screen(request, edition: Edition) -> bool:
    return may_screen_entries.test(request.user, edition)


# --- Editions ----------------------------------------------------------------------------------


def staff_home(request):
    """The editions whose entries the user may see; with one, straight to its list."""
    if not request.user.is_authenticated:
        return deny(request)
    editions = editions_visible_to(request.user)
    if not request.user.is_superuser:
        editions = editions.filter(pk__in=[
            edition_id for edition_id, _role in request.user.role_set
            if may_view_entries.test(request.user, edition_id)
        ])
    editions = list(editions.annotate(
        entered=Count("entries", filter=Q(entries__status__in=ENTERED_STATUSES)),
        drafts=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT)),
    ).order_by("-year", "name"))
    if not editions:
        raise Http404
    if len(editions) == 1:
        return redirect("entries:staff_list", edition_slug=editions[0].slug)
    return render(request, "entries/staff/home.html", {"editions": editions})


# --- The entries list --------------------------------------------------------------------------


def _unreleased(edition: Edition) -> int:
    """Entries whose latest decision the entrant has not been told yet."""
    return (
        ScreeningDecision.objects.filter(entry__edition=edition, released_at__isnull=True)
        .values("entry_id").distinct().count()
    )


LAST_LIST_KEY = "entries.last_list.%d"


def remember_list(request, edition: Edition) -> None:
    """Keep this list's filters and sort (not its page or a download) in the session."""
    query = request.GET.copy()
    for key in ("page", "format", "after"):
        query.pop(key, None)
    value, key = query.urlencode()[:2000], LAST_LIST_KEY % edition.pk
    if request.session.get(key) != value:  # the session is written only when it changes
        request.session[key] = value


def last_list(request, edition: Edition) -> str:
    """The query string of the entries list this person last looked at in the edition."""
    return request.session.get(LAST_LIST_KEY % edition.pk, "")


def _list_page(request, edition: Edition, bulk_form: BulkScreeningForm | None = None):
    """The entries list (``EntriesList``): filters, sort, page size, saved views, the
    downloads of the filtered rows, and the bulk actions (screening; tags)."""
    entries_list = EntriesList(request.GET, user=request.user, edition=edition)
    # The list one last looked at: "Screen the next entry" on an entry's page walks it.
    remember_list(request, edition)
    can_screen = _can_screen(request, edition)
    if can_screen and bulk_form is None:
        bulk_form = BulkScreeningForm(edition=edition, entries=entries_list.queryset)
    selected = set(bulk_form.data.getlist("entries")) if bulk_form and bulk_form.is_bound else set()
    return render(request, "entries/staff/list.html", {
        **entries_list.context(),
        "rows": entry_rows(entries_list.page.object_list, edition=edition,
                           can_screen=can_screen, selected=selected),
        "edition": edition,
        "form": entries_list.form,
        "filtered": bool(entries_list.applied),
        "shows_entered_only": entries_list.form.cleaned_data.get("status", "") == "",
        "all_status": ALL,
        "can_screen": can_screen,
        "bulk_form": bulk_form,
        "selected": selected,
        "unreleased": _unreleased(edition),
        "tags": entries_list.tags if can_screen else [],
    })


@staff_page()
def staff_list(request, edition):
    return _list_page(request, edition)


@staff_page()
def staff_export(request, edition):
    exporter = exports.EXPORTERS.get(request.GET.get("format", ""))
    if exporter is None:
        return HttpResponseBadRequest(_("Choose an export format: csv or xlsx."),
                                      content_type="text/plain; charset=utf-8")
    rows, _form = filter_entries(
        entries_screenable_by(request.user).filter(edition=edition), request.GET, edition=edition
    )
    return exporter(edition, exports.with_latest_decision(rows))


def _back_to_list(request, edition):
    url = reverse("entries:staff_list", kwargs={"edition_slug": edition.slug})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_POST
@staff_page(act=True)
def staff_bulk_screen(request, edition):
    """The same decision and reason for the selected entries, each through the service, all in
    one transaction. Entries that cannot take the decision are named; the rest are marked."""
    entries = entries_screenable_by(request.user).filter(edition=edition)
    form = BulkScreeningForm(request.POST, edition=edition, entries=entries)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the form below the "
                                  "list."))
        return _list_page(request, edition, bulk_form=form)
    decision, reason = form.cleaned_data["decision"], form.reason
    done, refused = [], []
    with transaction.atomic():
        selected = form.cleaned_data["entries"].order_by(F("reference").asc(nulls_last=True),
                                                         "pk")
        for entry in selected:
            try:
                screening_decide(entry=entry, decision=decision, reason=reason, by=request.user)
            except EntryError:
                refused.append(entry)  # not entered (a draft) or withdrawn
            else:
                done.append(entry)
    label = EntryStatus(decision).label.lower()
    if done:
        messages.success(request, ngettext(
            "%(count)d entry marked %(decision)s. The entrant is told when you release "
            "decisions.",
            "%(count)d entries marked %(decision)s. Entrants are told when you release "
            "decisions.",
            len(done),
        ) % {"count": len(done), "decision": label})
    if refused:
        messages.warning(request, ngettext(
            "%(count)d entry could not be marked %(decision)s, because of its status: "
            "%(entries)s.",
            "%(count)d entries could not be marked %(decision)s, because of their status: "
            "%(entries)s.",
            len(refused),
        ) % {"count": len(refused), "decision": label, "entries": "; ".join(
            f"{entry.reference or '“%s”' % (entry.title or _('untitled draft'))} "
            f"({entry.get_status_display().lower()})"
            for entry in refused
        )})
    return _back_to_list(request, edition)


# --- Releasing decisions ----------------------------------------------------------------------


@staff_page(act=True)
def staff_release(request, edition):
    """GET: what would be sent, and a confirmation; POST: send it."""
    if request.method == "POST":
        count = screening_release(edition=edition, by=request.user)
        if count:
            messages.success(request, ngettext(
                "%(count)d decision was sent to its entrant.",
                "%(count)d decisions were sent to their entrants.", count,
            ) % {"count": count})
        else:
            messages.info(request, _("There were no decisions waiting to be sent."))
        return redirect("entries:staff_list", edition_slug=edition.slug)
    pending = (
        ScreeningDecision.objects.filter(entry__edition=edition, released_at__isnull=True)
        .select_related("entry", "entry__entrant", "decided_by")
        .order_by("entry__reference", "entry_id", "-decided_at", "-pk")
    )
    latest: dict[int, ScreeningDecision] = {}
    for decision in pending:
        latest.setdefault(decision.entry_id, decision)
    members = dict(
        EntrantMember.objects.filter(
            entrant_id__in={d.entry.entrant_id for d in latest.values()}
        ).values_list("entrant_id").annotate(n=Count("pk")).order_by()
    )
    emails = sum(members.get(d.entry.entrant_id, 0) for d in latest.values())
    return render(request, "entries/staff/release.html", {
        "edition": edition,
        "decisions": list(latest.values()),
        "emails": emails,
    })


# --- One entry ---------------------------------------------------------------------------------


AUDIT_LABELS = {
    "entry.start": gettext_lazy("Draft started"),
    "entry.submit": gettext_lazy("Submitted"),
    "entry.withdraw": gettext_lazy("Withdrawn"),
    "entry.screen": gettext_lazy("Screened"),
    "extension.grant": gettext_lazy("Extension granted"),
    "attachment.add": gettext_lazy("File added"),
    "attachment.remove": gettext_lazy("File removed"),
}
# Passages hidden from judges of blind rounds (entries/redaction.py).
AUDIT_LABELS.update({
    "redaction.add": gettext_lazy("Passage hidden from blind rounds"),
    "redaction.remove": gettext_lazy("Passage shown to blind rounds again"),
})


def _history(entry: Entry) -> list[AuditEvent]:
    """The entry's audit events and the extensions granted to its entrant in its edition."""
    entry_type = ContentType.objects.get_for_model(Entry)
    entrant_type = ContentType.objects.get_for_model(Entrant)
    events = list(
        AuditEvent.objects.filter(
            Q(target_type=entry_type, target_id=str(entry.pk))
            | Q(target_type=entrant_type, target_id=str(entry.entrant_id),
                edition_id=entry.edition_id, action="extension.grant")
        ).order_by("-at", "-pk")
    )
    for event in events:
        # the entry page's own short words, else the audit log's phrase (tags, notes...)
        event.label = AUDIT_LABELS.get(event.action) or action_label(event.action)
    return events


def _entry_page(request, edition: Edition, entry: Entry, *, screening_form=None,
                extension_form=None):
    can_screen = request.user.has_perm("entries.screen_entry", entry)
    extension = extension_for(entry)
    attachments = list(entry.attachments.select_related("uploaded_by", "anonymised"))
    if can_screen:
        screening_form = screening_form or ScreeningForm(
            edition=edition,
            initial={"decision": entry.status if entry.status in (
                EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE) else None},
        )
        initial = {"reason": extension.reason} if extension else {}
        if extension:
            # a naive value is shown as it is: the edition's local time
            initial["deadline"] = edition.local(extension.deadline).replace(tzinfo=None)
        extension_form = extension_form or ExtensionForm(edition=edition, initial=initial)
    return render(request, "entries/staff/entry.html", {
        "edition": edition,
        "entry": entry,
        "entrant": entry.entrant,
        "members": entry.entrant.members.select_related("user"),
        "sections": answer_sections(entry, attachments),
        "attachments": attachments,
        "deadline": entry.deadline(extension or False),  # known: no second query
        "extension": extension,
        "decisions": entry.decisions.select_related("decided_by"),
        "history": _history(entry),
        "revisions": entry.revisions.select_related("created_by").defer("answers"),
        "can_screen": can_screen,
        "screenable": entry.status in ENTERED_STATUSES,
        "screening_form": screening_form,
        "extension_form": extension_form,
    })


@staff_page()
def staff_entry(request, edition, pk):
    return _entry_page(request, edition, _entry(request, edition, pk))


@require_POST
@staff_page(act=True)
def staff_screen(request, edition, pk):
    entry = _entry(request, edition, pk, act=True)
    form = ScreeningForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            screening_decide(entry=entry, decision=form.cleaned_data["decision"],
                             reason=form.reason, by=request.user)
        except EntryError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _(
                "%(ref)s is marked %(decision)s. The entrant is told when you release decisions."
            ) % {"ref": entry.reference,
                 "decision": EntryStatus(form.cleaned_data["decision"]).label.lower()})
            return redirect("entries:staff_entry", edition_slug=edition.slug, pk=entry.pk)
    messages.error(request, _("The decision was not recorded: please correct the form."))
    return _entry_page(request, edition, entry, screening_form=form)


@require_POST
@staff_page(act=True)
def staff_extension(request, edition, pk):
    entry = _entry(request, edition, pk, act=True)
    form = ExtensionForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            extension_grant(edition=edition, entrant=entry.entrant,
                            deadline=form.cleaned_data["deadline"],
                            reason=form.cleaned_data["reason"], by=request.user)
        except EntryError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _(
                "%(entrant)s may now submit and change their entries until %(deadline)s "
                "(%(tz)s). They have been told by e-mail."
            ) % {"entrant": entry.entrant.name, "tz": edition.time_zone,
                 "deadline": moment(edition.local(form.cleaned_data["deadline"]))})
            return redirect("entries:staff_entry", edition_slug=edition.slug, pk=entry.pk)
    messages.error(request, _("The extension was not granted: please correct the form."))
    return _entry_page(request, edition, entry, extension_form=form)


# --- Revisions ---------------------------------------------------------------------------------

@staff_page()
def staff_revisions(request, edition, pk):
    entry = _entry(request, edition, pk)
    if not request.user.has_perm("entries.view_revisions", entry):
        raise Http404
    return render(request, "entries/staff/revisions.html", {
        "edition": edition,
        "entry": entry,
        "revisions": entry.revisions.select_related("created_by").defer("answers"),
    })


@staff_page()
def staff_revision_diff(request, edition, pk, number):
    entry = _entry(request, edition, pk)
    if not request.user.has_perm("entries.view_revisions", entry):
        raise Http404
    revisions = list(entry.revisions.select_related("created_by").order_by("number"))
    by_number = {r.number: r for r in revisions}
    revision = by_number.get(number)
    if revision is None:
        raise Http404
    against = int_param(request.GET, "against")
    if against in by_number and against != number:
        base = by_number[against]
    else:
        earlier = [r for r in revisions if r.number < number]
        base = earlier[-1] if earlier else None
    return render(request, "entries/staff/revision_diff.html", {
        "edition": edition,
        "entry": entry,
        "revision": revision,
        "base": base,
        "others": [r for r in revisions if r.number != number],
        "changes": revision_changes(entry, base, revision) if base else None,
        "sections": None if base else [
            {"title": section["title"], "answers": section["answers"]}
            for section in answer_sections(_as_entry(entry, revision), [])
            if section["kind"] == "fields"
        ],
    })


def _as_entry(entry: Entry, revision) -> Entry:
    """The entry with a revision's answers, for showing them like the live ones."""
    copy = Entry(pk=entry.pk, form=entry.form, answers=revision.answers, title=revision.title)
    return copy


urlpatterns = [
    path("staff/", staff_home, name="staff_home"),
    path("staff/<slug:edition_slug>/entries/", staff_list, name="staff_list"),
    path("staff/<slug:edition_slug>/entries/export/", staff_export, name="staff_export"),
    path("staff/<slug:edition_slug>/entries/screen/", staff_bulk_screen,
         name="staff_bulk_screen"),
    path("staff/<slug:edition_slug>/entries/release/", staff_release, name="staff_release"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/", staff_entry, name="staff_entry"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/screen/", staff_screen,
         name="staff_screen"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/extension/", staff_extension,
         name="staff_extension"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/revisions/", staff_revisions,
         name="staff_revisions"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/revisions/<id:number>/",
         staff_revision_diff, name="staff_revision_diff"),
]
