"""The reset of someone's two-factor verification from the edition's team page (or, for a judge, a
round's panels page): a confirmation page first (who, and what it does), then the reset
(prize/two_factor.py), audited and e-mailed; back to the page the button was on."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import two_factor


def _next(request) -> str:
    """The page of the site the button was on when it was not the team page (``next``: a round's
    panels page, for a judge), or ""."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def reset_from_team(request, edition, user_pk):
    """Answer a "Reset two-factor" button of the team page or of a round's panels page (a POST):
    the confirmation page, or, with ``confirm``, the reset. Someone the user may not reset does
    not exist for them."""
    person = get_object_or_404(two_factor.reset_candidates(edition), pk=user_pk)
    came_from = _next(request)
    back = came_from or reverse("staff_team", args=[edition.slug])
    if not two_factor.can_reset(request.user, person, edition):
        if person.pk == request.user.pk:
            messages.error(request, _("You cannot reset your own two-factor verification: use a "
                                      "recovery code, or ask an administrator."))
            return redirect(back)
        raise Http404
    if request.POST.get("confirm") != "yes":
        return render(request, "prize/two_factor/reset_confirm.html", {
            "edition": edition, "person": person,
            "active": two_factor.is_active(person),
            "roles": [str(label) for label in _role_labels(person, edition)],
            "back": back, "next": came_from,
        })
    try:
        two_factor.reset(person=person, by=request.user, edition=edition)
    except two_factor.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(email)s's two-factor verification is reset; they have been "
                                    "told by e-mail and set it up again the next time they log in.")
                         % {"email": person.email})
    return redirect(back)


def _role_labels(person, edition):
    from .enums import Role

    return [Role(role).label for role in person.roles_in(edition)]
