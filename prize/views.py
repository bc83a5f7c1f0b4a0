"""Pages of the shared core. Thin: check permission, call a selector or a service, render."""


from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from . import outbox, public_pages, selectors, services
from .enums import NotificationStatus, OrganisationRole, Role
from .forms import CategoryFormSet, EditionForm, ProfileForm
from .list_pages import OutboxList
from .models import Category, Edition
from .permissions import deny, permission_required
from .phase import changes_of, facts_of, phase_of, phases_of, with_phase_facts


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the site's icon, for a day."""
    from django.templatetags.static import static

    response = redirect(static("img/favicon.svg"), permanent=False)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def home(request):
    edition = Edition.objects.current()
    if edition is None or not selectors.editions_visible_to(request.user).filter(
        pk=edition.pk
    ).exists():
        return render(request, "prize/no_edition.html")
    return _edition_page(request, edition)


def edition_home(request, slug):
    edition = get_object_or_404(selectors.editions_visible_to(request.user), slug=slug)
    return _edition_page(request, edition)


def _edition_page(request, edition):
    now = timezone.now()
    edition = with_phase_facts(
        Edition.objects.filter(pk=edition.pk)
        .prefetch_related("categories", "organisations", "milestones"), now
    ).get()
    facts = facts_of(edition)
    phase = phase_of(facts, now)
    members = {}
    for organisation in edition.organisations.all():
        members.setdefault(organisation.role, []).append(organisation)
    # An anonymous visitor with no message waiting gets the page everyone gets: no CSRF token
    # in it (the language switch takes none from visitors), kept until something it shows
    # changes or the time changes it (the call opens or closes, a milestone passes, the
    # results are published: prize/public_pages.py).
    shared = not request.user.is_authenticated and not len(messages.get_messages(request))
    response = render(
        request,
        "prize/edition_home.html",
        {
            "edition": edition,
            "organisation_groups": [
                (label, members[role])
                for role, label in OrganisationRole.choices
                if role in members
            ],
            "phase": phase,
            "call_open": phase.call_open,
            "now": now,
            **({"csrf_token": ""} if shared else {}),
        },
    )
    if shared:
        public_pages.share(
            response, topics=("prize", "judging", "ceremony"),
            until=public_pages.next_moment(
                [*changes_of(facts), *(m.starts_at for m in edition.milestones.all())], now=now))
    return response


@login_required
def dashboard(request):
    user = request.user
    editions = {}
    for assignment in user.role_assignments.select_related("edition").order_by(
        "-edition__year", "role"
    ):
        editions.setdefault(assignment.edition, []).append(assignment)
    phases = phases_of(editions)
    return render(request, "prize/dashboard.html", {
        "editions": [(edition, phases[edition.pk], roles) for edition, roles in editions.items()],
        "Role": Role,
    })


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "prize/profile.html", {"form": form})


# --- Staff ---------------------------------------------------------------------------------------


@permission_required("prize.enter_staff_area")
def staff_index(request):
    return render(
        request,
        "prize/staff/index.html",
        {"managed": selectors.editions_managed_by(request.user),
         "staffed": selectors.editions_staffed_by(request.user)},
    )


@permission_required("prize.view_outbox")
def staff_outbox(request):
    """The outbox as a staff list: filters, sort, page size, the filtered rows as CSV or XLSX
    (``?format=``), and "send again" for the ticked failed messages (POST)."""
    outbox_list = OutboxList(request.GET, user=request.user)
    if request.method == "POST":
        outbox_list.run_bulk(request)
        return redirect(f"{request.path}?{outbox_list.current_query}"
                        if outbox_list.current_query else request.path)
    export = outbox_list.export_response(request.GET.get("format", ""))
    if export is not None:
        return export
    counts = dict(outbox_list.queryset.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "prize/staff/outbox.html",
        {
            **outbox_list.context(),
            "status_counts": [(v, label, counts.get(v, 0)) for v, label in
                              NotificationStatus.choices],
            "filters": {"status": outbox_list.applied.get("status", "")},
        },
    )


@permission_required("prize.view_outbox")
def staff_outbox_detail(request, pk):
    notification = get_object_or_404(selectors.notifications_visible_to(request.user), pk=pk)
    try:
        rendered, render_error = outbox.render(notification), ""
    except Exception as exc:  # show staff why a message cannot be rendered
        rendered, render_error = None, f"{type(exc).__name__}: {exc}"
    context_rows = [(name, value) for name, value in notification.context.items()
                    if name != outbox.SEALED_NAMES_KEY]
    return render(
        request,
        "prize/staff/outbox_detail.html",
        {"notification": notification, "rendered": rendered, "render_error": render_error,
         "context_rows": context_rows, "sealed_names": outbox.sealed_names(notification)},
    )


# An e-mail's HTML part shown in a frame: inline styles (as e-mail clients need them), nothing
# else; only our own pages may frame it. A frame's ``srcdoc`` would inherit the page's policy,
# which refuses inline styles, so the part is a response of its own.
EMAIL_PREVIEW_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "script-src": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
}


@xframe_options_sameorigin
@csp_replace(EMAIL_PREVIEW_POLICY)
@permission_required("prize.view_outbox")
def staff_outbox_html(request, pk):
    """The HTML part of a message as the preview shows it: personal links replaced by a
    placeholder, like everywhere staff look."""
    notification = get_object_or_404(selectors.notifications_visible_to(request.user), pk=pk)
    try:
        html = outbox.render(notification).html
    except Exception:  # the detail page says why it cannot be rendered
        return HttpResponse(status=404)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required("prize.view_outbox")
def staff_outbox_resend(request, pk):
    notification = get_object_or_404(selectors.notifications_visible_to(request.user), pk=pk)
    if notification.status != NotificationStatus.FAILED:
        messages.error(request, _("Only a failed message can be sent again."))
    elif notification.carries_credential:
        messages.error(request, _("This message carried a personal link, which is not kept "
                                  "once it fails. Ask the person to request a new one."))
    else:
        outbox.resend(notification, by=request.user)
        messages.success(request, _("The message is queued to be sent again."))
    return redirect(notification)


def staff_edition_settings(request, slug):
    if not request.user.is_authenticated:
        return deny(request)
    edition = get_object_or_404(selectors.editions_managed_by(request.user), slug=slug)
    # Dates on this page are read and shown in the edition's own time zone.
    with timezone.override(edition.tz):
        categories = Category.objects.filter(edition=edition).order_by("order", "name")
        form = EditionForm(request.POST or None, instance=edition, prefix="edition")
        formset = CategoryFormSet(
            request.POST or None, instance=edition, prefix="categories", queryset=categories
        )
        if request.method == "POST":
            if form.is_valid() and formset.is_valid():
                try:
                    services.edition_settings_save(
                        edition=edition, form=form, formset=formset, by=request.user
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("The edition's settings are saved."))
                    return redirect("staff_edition_settings", slug=form.instance.slug)
            messages.error(request, _("Please correct the errors below; nothing was saved."))
        return render(
            request,
            "prize/staff/edition_settings.html",
            {"edition": edition, "form": form, "formset": formset},
        )

