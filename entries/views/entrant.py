"""The entrant's pages: profile and collaborators, the dashboard, the multi-step application
form with autosave, review, submission, the entry page and withdrawal.

Thin views: they fetch through the selectors (someone else's entry is a 404), call a service
for every change, and render. Nothing typed is lost: a refused save (closed call, a newer save
elsewhere) shows the form again with what was sent, and an autosave from an expired session
keeps what was typed in the session until the entrant logs in again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prize.enums import EntrantKind
from prize.models import Category, Edition
from prize.selectors import editions_visible_to

from .. import schema as form_schema
from ..enums import EDITABLE_STATUSES, EntryStatus, MemberRole
from ..forms import EntrantForm, InvitationForm, StepForm, WithdrawForm
from ..models import Entrant, Entry, EntryFormUse, Extension, Invitation
from ..selectors import entrant_of, entries_editable_by, entries_visible_to
from ..services import (
    EntryError,
    StaleEntry,
    entrant_create,
    entrant_update,
    entry_save_step,
    entry_start,
    entry_submit,
    entry_withdraw,
    invitation_accept,
    invitation_send,
    submission_problems,
)
from ..templatetags.entries_tags import time_left

# What an expired session typed last, kept in the (new, anonymous) session until login.
UNSAVED_KEY = "entries:unsaved"
UNSAVED_MAX_BYTES = 64_000


# --- Helpers --------------------------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _optional_url(name: str, *args) -> str:
    """A URL another area of the app provides; empty while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _step_url(entry: Entry, step: form_schema.Step) -> str:
    if step.kind == "attachments":
        return _optional_url("entries:attachments", entry.pk) or reverse(
            "entries:review", args=[entry.pk])
    return reverse("entries:step", args=[entry.pk, step.key])


def _current_edition(user) -> Edition | None:
    return editions_visible_to(user).filter(is_current=True).first()


def _deadline(entry: Entry, extensions: dict[int, Extension]):
    """The entry's own deadline from extensions already loaded (no query)."""
    extension = extensions.get(entry.edition_id)
    closes = entry.edition.call_closes_at
    return max(closes, extension.deadline) if extension else closes


def _extensions_of(entrant: Entrant | None) -> dict[int, Extension]:
    if entrant is None:
        return {}
    return {e.edition_id: e for e in Extension.objects.filter(entrant=entrant)}


def _is_open(entry: Entry, deadline, now=None) -> bool:
    now = now or timezone.now()
    return entry.edition.call_opens_at <= now < deadline


def _attachment_problems(schema: form_schema.Schema, count: int,
                         field_problems: list[form_schema.Problem]) -> list[form_schema.Problem]:
    """Attachment steps short of their ``min_files`` (unless already reported)."""
    reported = {p.step for p in field_problems}
    problems = []
    for step in schema.steps:
        if step.kind == "attachments" and count < step.min_files and step.key not in reported:
            problems.append(form_schema.Problem(
                step.key, step.title, "", step.title,
                _("Attach at least %(n)s file(s); %(count)s attached so far.")
                % {"n": step.min_files, "count": count},
            ))
    return problems


def _schema(entry: Entry, cache: dict | None = None) -> form_schema.Schema:
    if cache is None:
        return form_schema.Schema.parse(entry.form.schema)
    if entry.form_id not in cache:
        cache[entry.form_id] = form_schema.Schema.parse(entry.form.schema)
    return cache[entry.form_id]


def _saved_time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i:s")


def _is_owner(user, entrant: Entrant) -> bool:
    membership = getattr(user, "entrant_membership", None)
    return membership is not None and membership.entrant_id == entrant.pk and \
        membership.role == MemberRole.OWNER


# --- Profile and collaborators --------------------------------------------------------------------


@login_required
def profile(request):
    entrant = entrant_of(request.user)
    next_url = _safe_next(request, reverse("entries:dashboard"))
    if entrant is not None and not _is_owner(request.user, entrant):
        return render(request, "entries/entrant/profile.html", {
            "entrant": entrant, "form": None, "read_only": True,
        })
    kind_locked = entrant is not None and entrant.entries.exists()
    form = EntrantForm(
        request.POST if request.method == "POST" else None, instance=entrant,
        kind_locked=kind_locked,
        submit_label=_("Save and continue") if entrant is None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields
                if not form.fields[name].disabled}
        try:
            if entrant is None:
                entrant_create(user=request.user, data=data,
                               edition=_current_edition(request.user))
                messages.success(request, _("Your entrant profile is saved."))
            else:
                entrant_update(entrant=entrant, data=data, by=request.user)
                messages.success(request, _("Your entrant profile is saved."))
        except EntryError as exc:
            form.add_error(None, exc)
        else:
            return redirect(next_url)
    return render(request, "entries/entrant/profile.html", {
        "entrant": entrant, "form": form, "read_only": False, "next": next_url,
        "creating": entrant is None,
    })


@login_required
def collaborators(request):
    entrant = entrant_of(request.user)
    if entrant is None:
        messages.info(request, _("Create your entrant profile first; then you can invite "
                                 "colleagues to work on your entries."))
        return redirect_to_profile(request, reverse("entries:collaborators"))
    is_owner = _is_owner(request.user, entrant)
    form = InvitationForm(request.POST if request.method == "POST" else None) if is_owner else None
    if request.method == "POST":
        if not is_owner:
            raise Http404
        if form.is_valid():
            try:
                invitation = invitation_send(entrant=entrant, email=form.cleaned_data["email"],
                                             by=request.user,
                                             edition=_current_edition(request.user))
            except EntryError as exc:
                form.add_error("email", exc)
            else:
                messages.success(request, _("An invitation is on its way to %(email)s.")
                                 % {"email": invitation.email})
                return redirect("entries:collaborators")
    members = entrant.members.select_related("user").order_by("joined_at")
    invitations = entrant.invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by")
    return render(request, "entries/entrant/collaborators.html", {
        "entrant": entrant, "members": members, "invitations": invitations, "form": form,
        "is_owner": is_owner,
    })


def redirect_to_profile(request, next_url: str):
    query = QueryDict.fromkeys(["next"], next_url).urlencode()
    return redirect(f"{reverse('entries:profile')}?{query}")


@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("entrant", "invited_by"), token=token)
    user = request.user
    own = entrant_of(user)
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=user)
        except EntryError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("entries:invitation_accept", token=token)
        messages.success(request, _("Welcome: you now work on the entries of %(name)s.")
                         % {"name": invitation.entrant.name})
        return redirect("entries:dashboard")
    if invitation.accepted_at is not None:
        problem = "used"
    elif own is not None and own.pk == invitation.entrant_id:
        problem = "member"
    elif invitation.email.lower() != user.email.lower():
        problem = "address"
    elif own is not None:
        problem = "other_entrant"
    else:
        problem = ""
    return render(request, "entries/entrant/invitation.html", {
        "invitation": invitation, "problem": problem, "own": own,
        "masked_email": _mask(invitation.email),
    })


def _mask(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(1, len(local) - 1)}@{domain}"


# --- Dashboard ------------------------------------------------------------------------------------


@dataclass
class EntryRow:
    entry: Entry
    deadline: object
    is_open: bool
    time_left: str
    missing: int | None
    continue_url: str


@dataclass
class CategoryChoice:
    category: Category
    allowed: bool
    reason: str = ""
    who: list[str] = field(default_factory=list)


def _kind_reason(category: Category, kind: str) -> str:
    allowed = category.allowed_entrant_kinds or []
    if allowed == [EntrantKind.INDIVIDUAL]:
        return _("%(category)s is for individuals only.") % {"category": category.name}
    names = [k.lower() for k in category.get_allowed_entrant_kinds_display()]
    if not names:
        return _("%(category)s is not open to entries.") % {"category": category.name}
    listed = names[0] if len(names) == 1 else _("%(list)s and %(last)s") % {
        "list": ", ".join(names[:-1]), "last": names[-1]}
    if kind == EntrantKind.INDIVIDUAL:
        return _("%(category)s is for organisations (%(kinds)s), not for individuals.") % {
            "category": category.name, "kinds": listed}
    return _("%(category)s is open to %(kinds)s only.") % {"category": category.name,
                                                            "kinds": listed}


@login_required
def dashboard(request):
    entrant = entrant_of(request.user)
    edition = _current_edition(request.user)
    extensions = _extensions_of(entrant)
    now = timezone.now()
    rows: list[EntryRow] = []
    if entrant is not None:
        entries = (
            entries_editable_by(request.user)
            .select_related("edition", "category", "form", "last_saved_by")
            .annotate(attachment_count=Count("attachments"))
            .order_by("-edition__call_closes_at", "-last_saved_at", "-pk")
        )
        schemas: dict[int, form_schema.Schema] = {}
        for entry in entries:
            deadline = _deadline(entry, extensions)
            is_open = _is_open(entry, deadline, now)
            missing = None
            if entry.status in EDITABLE_STATUSES:
                schema = _schema(entry, schemas)
                problems = form_schema.missing(schema, entry.answers)
                problems += _attachment_problems(schema, entry.attachment_count, problems)
                missing = len(problems)
            step = entry.current_step or ""
            continue_url = reverse("entries:step", args=[entry.pk, step]) if step else \
                reverse("entries:entry_detail", args=[entry.pk])
            rows.append(EntryRow(entry=entry, deadline=deadline, is_open=is_open,
                                 time_left=time_left(deadline, now) if is_open else "",
                                 missing=missing, continue_url=continue_url))
    choices, call_open, edition_deadline = [], False, None
    if edition is not None:
        edition_deadline = edition.call_closes_at
        if entrant is not None and edition.pk in extensions:
            edition_deadline = max(edition_deadline, extensions[edition.pk].deadline)
        call_open = edition.call_opens_at <= now < edition_deadline
        with_form = set()
        if entrant is not None:
            with_form = set(EntryFormUse.objects.filter(
                category__edition=edition, entrant_kind=entrant.kind
            ).values_list("category_id", flat=True))
        for category in edition.categories.order_by("order", "name"):
            choice = CategoryChoice(category=category, allowed=True,
                                    who=category.get_allowed_entrant_kinds_display())
            if entrant is not None and not category.allows(entrant.kind):
                choice.allowed, choice.reason = False, _kind_reason(category, entrant.kind)
            elif entrant is not None and category.pk not in with_form:
                choice.allowed = False
                choice.reason = _("The application form for %(category)s is not ready yet.") \
                    % {"category": category.name}
            choices.append(choice)
    return render(request, "entries/entrant/dashboard.html", {
        "entrant": entrant, "rows": rows, "edition": edition, "choices": choices,
        "call_open": call_open, "edition_deadline": edition_deadline,
        "edition_time_left": time_left(edition_deadline, now) if call_open else "",
    })


# --- Starting an entry ----------------------------------------------------------------------------


@login_required
def start(request, category_id):
    entrant = entrant_of(request.user)
    here = reverse("entries:start", args=[category_id])
    category = get_object_or_404(
        Category.objects.select_related("edition").filter(
            edition__in=editions_visible_to(request.user)), pk=category_id)
    if entrant is None:
        messages.info(request, _("Before you start an entry, tell us who enters: fill in your "
                                 "entrant profile. You will come back here afterwards."))
        return redirect_to_profile(request, here)
    if request.method == "POST":
        try:
            entry = entry_start(edition=category.edition, category=category, entrant=entrant,
                                by=request.user)
        except EntryError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("entries:dashboard")
        messages.success(request, _("Your draft entry in %(category)s is started. It is saved "
                                    "as you type; come back to it at any time before the "
                                    "deadline.") % {"category": category.name})
        first = form_schema.Schema.parse(entry.form.schema).steps[0]
        return redirect(_step_url(entry, first))
    reason = "" if category.allows(entrant.kind) else _kind_reason(category, entrant.kind)
    use = EntryFormUse.objects.filter(category=category, entrant_kind=entrant.kind).select_related(
        "form").first()
    steps = form_schema.Schema.parse(use.form.schema).steps if use else ()
    extensions = _extensions_of(entrant)
    deadline = category.edition.call_closes_at
    if category.edition_id in extensions:
        deadline = max(deadline, extensions[category.edition_id].deadline)
    now = timezone.now()
    return render(request, "entries/entrant/start.html", {
        "category": category, "edition": category.edition, "entrant": entrant,
        "reason": reason, "has_form": use is not None, "steps": steps, "deadline": deadline,
        "call_open": category.edition.call_opens_at <= now < deadline,
    })


# --- The steps ------------------------------------------------------------------------------------


def _keep_unsaved(request, pk: int, step_key: str) -> bool:
    """Keep what a logged-out browser sent, to put it back in the form after login."""
    data = {key: request.POST.getlist(key) for key in request.POST
            if key not in ("csrfmiddlewaretoken", "action")}
    if len(json.dumps(data)) > UNSAVED_MAX_BYTES:
        return False
    request.session[UNSAVED_KEY] = {"entry": pk, "step": step_key, "data": data}
    return True


def _take_unsaved(request, entry: Entry, step_key: str) -> QueryDict | None:
    kept = request.session.get(UNSAVED_KEY)
    if not kept or kept.get("entry") != entry.pk or kept.get("step") != step_key:
        return None
    del request.session[UNSAVED_KEY]
    data = QueryDict(mutable=True)
    for key, values in kept.get("data", {}).items():
        data.setlist(key, [str(v) for v in values])
    return data


def _session_expired(request, pk: int, step_key: str):
    kept = request.method == "POST" and _keep_unsaved(request, pk, step_key)
    step_url = reverse("entries:step", args=[pk, step_key])
    login = f"{reverse('account_login')}?{QueryDict.fromkeys(['next'], step_url).urlencode()}"
    if not request.htmx:
        if request.method != "POST":
            return redirect_to_login(step_url)
        if kept:
            messages.info(request, _("Your session had expired, so this was not saved yet. Log "
                                     "in to carry on: what you typed will be back in the form."))
        return redirect(login)
    html = render_to_string("entries/entrant/_session_expired.html",
                            {"login_url": login, "kept": kept}, request=request)
    return HttpResponse(html, status=401)


def _step_states(schema, entry, attachment_count) -> dict[str, str]:
    """complete / incomplete / errors / optional, per step, from the stored answers."""
    complete = form_schema.complete_steps(schema, entry.answers)
    states = {}
    for step in schema.steps:
        if step.kind == "attachments":
            if attachment_count >= max(step.min_files, 1):
                states[step.key] = "complete"
            else:
                states[step.key] = "optional" if step.min_files == 0 else "incomplete"
        elif step.key in complete:
            states[step.key] = "complete"
        elif form_schema.step_errors(step, entry.answers):
            states[step.key] = "errors"
        else:
            states[step.key] = "incomplete"
    return states


def _nav(schema, entry, current_key, attachment_count):
    states = _step_states(schema, entry, attachment_count)
    return [{"step": s, "url": _step_url(entry, s), "state": states[s.key],
             "current": s.key == current_key, "number": i}
            for i, s in enumerate(schema.steps, start=1)]


def _same_as_stored(schema, step, typed: dict, entry: Entry) -> bool:
    """Whether what was sent for this step is what is stored (a repeated save)."""
    cleaned = form_schema.clean_answers(schema, step, typed)
    return all((entry.answers.get(key) or None) == (value or None)
               for key, value in cleaned.items())


def _step_response(request, entry, schema, step, form, *, deadline, version, alert="",
                   alert_kind="danger", status=200):
    attachment_count = entry.attachments.count()
    next_step, previous_step = schema.next_step(step.key), schema.previous_step(step.key)
    return render(request, "entries/entrant/step.html", {
        "entry": entry, "schema": schema, "step": step, "form": form,
        "nav": _nav(schema, entry, step.key, attachment_count),
        "next_step": next_step, "previous_step": previous_step,
        "deadline": deadline, "is_open": _is_open(entry, deadline),
        "time_left": time_left(deadline), "version": version,
        "alert": alert, "alert_kind": alert_kind,
        "step_number": [s.key for s in schema.steps].index(step.key) + 1,
    }, status=status)


def _save_partial(request, entry, schema, step, *, message="", status=200, version=None):
    attachment_count = entry.attachments.count()
    html = render_to_string("entries/entrant/_save_status.html", {
        "entry": entry, "message": message, "failed": status != 200,
        "version": entry.version if version is None else version,
        "nav": _nav(schema, entry, step.key, attachment_count),
        "saved_at": _saved_time(entry.last_saved_at),
    }, request=request)
    return HttpResponse(html, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, pk, step_key):
    if not request.user.is_authenticated:
        return _session_expired(request, pk, step_key)
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    schema = form_schema.Schema.parse(entry.form.schema)
    try:
        step = schema.step(step_key)
    except KeyError:
        raise Http404 from None
    if step.kind == "attachments":
        return redirect(_step_url(entry, step))
    extensions = _extensions_of(entry.entrant)
    deadline = _deadline(entry, extensions)

    if request.method != "POST":
        if entry.status not in EDITABLE_STATUSES:
            messages.info(request, _("This entry is %(status)s and can no longer be changed.")
                          % {"status": entry.get_status_display().lower()})
            return redirect("entries:entry_detail", pk=entry.pk)
        if not _is_open(entry, deadline):
            if timezone.now() < entry.edition.call_opens_at:
                messages.info(request, _("The call for entries is not open yet."))
            else:
                messages.info(request, _("The call for entries is closed; this entry can no "
                                         "longer be changed."))
            return redirect("entries:entry_detail", pk=entry.pk)
        unsaved = _take_unsaved(request, entry, step.key)
        if unsaved is not None:
            form = StepForm(step, unsaved, problems=form_schema.step_errors(
                step, form_schema.clean_answers(schema, step, StepForm(step, unsaved).typed())))
            return _step_response(
                request, entry, schema, step, form, deadline=deadline,
                version=unsaved.get("version", entry.version), alert_kind="warning",
                alert=_("You were logged out before this was saved. What you typed is back "
                        "in the form, but it is not saved yet: check it, then save."))
        form = StepForm(step, answers=entry.answers,
                        problems=form_schema.step_errors(step, entry.answers))
        return _step_response(request, entry, schema, step, form, deadline=deadline,
                              version=entry.version)

    form = StepForm(step, request.POST)
    typed = form.typed()
    repeated = False
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    typed_problems = form_schema.step_errors(
        step, form_schema.clean_answers(schema, step, typed))
    try:
        saved = entry_save_step(entry=entry, step=step.key, data=typed, version=version,
                                by=request.user)
    except StaleEntry as exc:
        current = entries_editable_by(request.user).get(pk=entry.pk)
        if not _same_as_stored(schema, step, typed, current):
            form = StepForm(step, request.POST, problems=typed_problems)
            if request.htmx:
                return _save_partial(request, current, schema, step, message=exc.messages[0],
                                     status=409, version=version)
            return _step_response(request, current, schema, step, form, deadline=deadline,
                                  version=version, alert=exc.messages[0])
        saved, repeated = current, True  # the same answers again (a double click)
    except EntryError as exc:
        if request.htmx:
            return _save_partial(request, entry, schema, step, message=exc.messages[0],
                                 status=409, version=version)
        form = StepForm(step, request.POST, problems=typed_problems)
        return _step_response(request, entry, schema, step, form, deadline=deadline,
                              version=version, alert=" ".join(exc.messages))

    if request.htmx:
        return _save_partial(request, saved, schema, step)
    if not repeated:
        messages.success(request, _("Saved at %(time)s.")
                         % {"time": _saved_time(saved.last_saved_at)})
    action = request.POST.get("action", "save")
    if action == "continue":
        following = schema.next_step(step.key)
        return redirect(_step_url(saved, following) if following else
                        reverse("entries:review", args=[saved.pk]))
    if action == "back":
        previous = schema.previous_step(step.key)
        return redirect(_step_url(saved, previous) if previous else
                        reverse("entries:dashboard"))
    return redirect(f"{reverse('entries:step', args=[saved.pk, step.key])}#step-form")


# --- Review, submit, the entry page, withdraw -----------------------------------------------------


def _sections(schema, entry, attachments):
    sections = []
    for s in schema.steps:
        rows = []
        for f in s.fields:
            value = entry.answers.get(f.key)
            labels = dict(f.choices)
            if f.type == "choice" and isinstance(value, str):
                display = labels.get(value, value)
            elif f.type == "multichoice" and isinstance(value, list):
                display = [labels.get(v, v) for v in value]
            elif f.type == "table" and isinstance(value, list):
                display = [[str(r.get(c, "")) for c, _label in f.columns] for r in value
                           if isinstance(r, dict)]
            else:
                display = value
            rows.append({"field": f, "value": display, "empty": f.empty(value)})
        sections.append({"step": s, "rows": rows, "url": _step_url(entry, s),
                         "attachments": attachments if s.kind == "attachments" else None})
    return sections


def _problems(schema, entry, attachment_count):
    problems = submission_problems(entry)
    problems += _attachment_problems(schema, attachment_count, problems)
    result = []
    for p in problems:
        s = schema.step(p.step)
        url = _step_url(entry, s)
        if p.field and s.kind == "fields":
            url = f"{url}#field-{p.field}"
        result.append({"problem": p, "url": url})
    return result


def _review_context(request, entry, errors=()):
    schema = form_schema.Schema.parse(entry.form.schema)
    attachments = list(entry.attachments.all())
    for attachment in attachments:
        attachment.download_url = _optional_url("entries:attachment_download", attachment.pk)
    deadline = _deadline(entry, _extensions_of(entry.entrant))
    return {
        "entry": entry, "schema": schema, "sections": _sections(schema, entry, attachments),
        "problems": _problems(schema, entry, len(attachments)), "deadline": deadline,
        "is_open": _is_open(entry, deadline), "time_left": time_left(deadline),
        "errors": errors, "first_step_url": _step_url(entry, schema.steps[0]),
        "nav": _nav(schema, entry, "", len(attachments)),
    }


@login_required
def review(request, pk):
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    return render(request, "entries/entrant/review.html", _review_context(request, entry))


@require_POST
def submit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("entries:review", args=[pk]))
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    already = entry.status == EntryStatus.SUBMITTED
    try:
        entry = entry_submit(entry=entry, by=request.user)
    except EntryError as exc:
        entry.refresh_from_db()
        return render(request, "entries/entrant/review.html",
                      _review_context(request, entry, errors=exc.messages))
    if already:
        messages.info(request, _("This entry is already submitted; its reference is "
                                 "%(reference)s.") % {"reference": entry.reference})
    else:
        messages.success(request, _(
            "Thank you: your entry is submitted. Its reference is %(reference)s. A receipt "
            "is on its way by e-mail. You can still change it until the deadline."
        ) % {"reference": entry.reference})
    return redirect("entries:entry_detail", pk=entry.pk)


@login_required
def entry_detail(request, pk):
    entry = get_object_or_404(entries_visible_to(request.user), pk=pk)
    context = _review_context(request, entry)
    own = entrant_of(request.user)
    is_member = own is not None and own.pk == entry.entrant_id
    editable = is_member and entry.status in EDITABLE_STATUSES and context["is_open"]
    context.update({
        "is_member": is_member, "staff_view": not is_member, "can_edit": editable,
        "can_withdraw": editable,
        "edit_url": reverse("entries:step", args=[entry.pk, entry.current_step])
        if entry.current_step else context["first_step_url"],
    })
    return render(request, "entries/entrant/entry_detail.html", context)


@login_required
def withdraw(request, pk):
    entry = get_object_or_404(entries_editable_by(request.user), pk=pk)
    if entry.status == EntryStatus.WITHDRAWN:
        messages.info(request, _("This entry is withdrawn."))
        return redirect("entries:entry_detail", pk=entry.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    deadline = _deadline(entry, _extensions_of(entry.entrant))
    is_open = _is_open(entry, deadline)
    error = ""
    if entry.status not in EDITABLE_STATUSES:
        error = _("This entry is %(status)s and can no longer be withdrawn.") % {
            "status": entry.get_status_display().lower()}
    elif not is_open:
        error = _("The call for entries is closed: this entry can no longer be withdrawn.")
    if request.method == "POST" and form.is_valid():
        try:
            entry_withdraw(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except EntryError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Your entry is withdrawn. It will not be judged."))
            return redirect("entries:entry_detail", pk=entry.pk)
    return render(request, "entries/entrant/withdraw.html", {
        "entry": entry, "form": form, "error": error, "deadline": deadline,
        "is_open": is_open, "time_left": time_left(deadline),
        "can_withdraw": not error,
    })


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("profile/", profile, name="profile"),
    path("profile/collaborators/", collaborators, name="collaborators"),
    path("invitations/<str:token>/", accept_invitation, name="invitation_accept"),
    path("start/<int:category_id>/", start, name="start"),
    path("<int:pk>/", entry_detail, name="entry_detail"),
    path("<int:pk>/steps/<slug:step_key>/", step, name="step"),
    path("<int:pk>/review/", review, name="review"),
    path("<int:pk>/submit/", submit, name="submit"),
    path("<int:pk>/withdraw/", withdraw, name="withdraw"),
]
