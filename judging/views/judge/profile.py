"""The judge's profile (expertise, organisation, city, country, bio) and the invitation link."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prize.invited import Invitation, invitation_page
from prize.permissions import deny

from ... import services
from ...enums import RoundStatus
from ...forms import JudgeProfileForm
from ...models import Assignment, JudgeProfile, PanelMembership
from ._common import is_judge

PROFILE_FIELDS = ["expertise", "organisation", "city", "country", "bio"]


def _open_assignments(user) -> tuple[int, bool]:
    """The judge's assignments in rounds not yet closed, and whether one of those is blind."""
    left = Assignment.objects.filter(
        judge=user, round__status__in=[RoundStatus.DRAFT, RoundStatus.OPEN])
    return left.count(), left.filter(round__blind=True).exists()


def profile(request):
    user = request.user
    if not is_judge(user):
        return deny(request)
    instance = JudgeProfile.objects.filter(user=user).first() or JudgeProfile(user=user)
    form = JudgeProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        before, blind = _open_assignments(user)
        services.judge_profile_update(
            user=user, data={k: form.cleaned_data[k] for k in PROFILE_FIELDS}, by=user)
        released = before - _open_assignments(user)[0]
        messages.success(request, _("Your judge profile is saved."))
        if blind:
            # The same words whatever happened: "1 entry was taken off" after typing a city
            # would tell a judge of a blind round where that entry comes from.
            messages.info(request, _("Entries that conflict with your details, if any, are "
                                     "taken off your list and given to another judge."))
        elif released:
            messages.info(request, ngettext(
                "%(count)d entry was taken off your list: it conflicts with your new details.",
                "%(count)d entries were taken off your list: they conflict with your new "
                "details.", released) % {"count": released})
        return redirect("judging:profile")
    return render(request, "judging/judge/profile.html", {"form": form},
                  status=400 if form.errors else 200)


def invitation(request, token):
    membership = get_object_or_404(
        PanelMembership.objects.select_related("round__edition", "category", "judge",
                                               "invited_by"), token=token)
    context = {"membership": membership, "round": membership.round,
               "accepted_at": membership.accepted_at,
               "inviter": (membership.invited_by.get_full_name() if membership.invited_by
                           else membership.round.edition.name)}
    if membership.round.status == RoundStatus.FINALISED:
        return render(request, "judging/judge/invitation.html",
                      {**context, "invited": membership.judge, "state": "over"})
    return invitation_page(request, Invitation(
        invited=membership.judge, here=reverse("judging:invitation", args=[token]),
        template="judging/judge/invitation.html", context=context,
        accepted=membership.accepted_at is not None,
        accept=lambda user: services.invitation_accept(membership=membership, user=user),
        welcome=_("Welcome to the %(category)s panel of %(round)s.")
        % {"category": membership.category.name, "round": membership.round.name},
        done=reverse("judging:dashboard")))
