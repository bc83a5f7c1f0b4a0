"""A round's panels per category: members, invitations (new or again), and the conflicts the
panel's judges declared."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from prize import two_factor
from prize.inputs import int_param

from ...enums import RoundStatus
from ...models import Assignment, ConflictDeclaration, PanelMembership
from ...services import JudgingError, judge_invite
from ...staff_forms import InviteForm
from .common import categories_of, error_list, render_round, round_page


def _page(request, round, *, bound=None, errors=None, status=200):
    """``bound``: (category pk, invite form) of a rejected invitation to show again."""
    members = list(
        PanelMembership.objects.filter(round=round)
        .select_related("judge__judge_profile")
        .order_by("category_id", "judge__name", "judge__email")
    )
    loads = {
        (row["judge_id"], row["entry__category_id"]): row["n"]
        for row in Assignment.objects.filter(round=round)
        .values("judge_id", "entry__category_id").annotate(n=Count("pk")).order_by()
    }
    declarations = list(
        ConflictDeclaration.objects.filter(
            edition_id=round.edition_id, judge_id__in={m.judge_id for m in members})
        .select_related("judge", "entrant", "entry").order_by("judge__name", "-declared_at")
    )
    by_judge: dict[int, list[ConflictDeclaration]] = {}
    for declaration in declarations:
        by_judge.setdefault(declaration.judge_id, []).append(declaration)
    inviting = round.status != RoundStatus.FINALISED
    sections = []
    for category in categories_of(round):
        panel = [m for m in members if m.category_id == category.pk]
        for member in panel:
            member.profile = getattr(member.judge, "judge_profile", None)
            member.assigned = loads.get((member.judge_id, category.pk), 0)
        form = None
        if inviting:
            form = (bound[1] if bound and bound[0] == category.pk
                    else InviteForm(prefix=f"invite-{category.pk}"))
        sections.append({
            "category": category,
            "members": panel,
            "accepted": sum(1 for m in panel if m.accepted_at),
            "conflicts": [d for m in panel for d in by_judge.get(m.judge_id, [])],
            "form": form,
            "errors": list((errors or {}).get(category.pk, []))
            + (list(bound[1].non_field_errors()) if bound and bound[0] == category.pk
               and form is None else []),
        })
    return render_round(request, round, "judging/staff/panels.html", {
        "sections": sections,
        "inviting": inviting,
        # the secretariat (or a superuser) resets a judge's lost two-factor from here
        "can_reset_two_factor": two_factor.may_reset_in(request.user, round.edition),
    }, current="judging:staff_panels", status=status)


def _back(round, category_id):
    return redirect(reverse("judging:staff_panels", args=[round.pk]) + f"#category-{category_id}")


@round_page()
def staff_panels(request, round):
    if request.method != "POST":
        return _page(request, round)
    action = request.POST.get("action", "")
    if action == "resend":
        membership = get_object_or_404(PanelMembership.objects.select_related("judge", "category"),
                                       round=round, pk=int_param(request.POST, "membership"))
        try:
            judge_invite(round=round, category=membership.category, email=membership.judge.email,
                         by=request.user, capacity=membership.capacity, resend=True)
        except JudgingError as exc:
            return _page(request, round, errors={membership.category_id: error_list(exc)},
                         status=400)
        messages.success(request, _("The invitation was sent again to %(email)s.")
                         % {"email": membership.judge.email})
        return _back(round, membership.category_id)
    categories = {str(c.pk): c for c in categories_of(round)}
    category = categories.get(request.POST.get("category", ""))
    if action != "invite" or category is None:
        return _page(request, round, status=400)
    form = InviteForm(request.POST, prefix=f"invite-{category.pk}")
    if form.is_valid():
        data = form.cleaned_data
        already = PanelMembership.objects.filter(
            round=round, category=category, judge__email__iexact=data["email"]).exists()
        try:
            membership = judge_invite(round=round, category=category, email=data["email"],
                                      by=request.user, name=data["name"],
                                      capacity=data["capacity"])
        except JudgingError as exc:
            form.add_error(None, exc)
        else:
            if already:
                messages.info(request, _("%(email)s is already on the %(category)s panel (use "
                                         "“Resend invitation” to send the e-mail again).")
                              % {"email": membership.judge.email, "category": category.name})
            else:
                messages.success(request, _("%(email)s was invited to the %(category)s panel.")
                                 % {"email": membership.judge.email, "category": category.name})
            return _back(round, category.pk)
    return _page(request, round, bound=(category.pk, form), status=400)
