"""The reset of someone's two-factor verification from the edition's team page: a confirmation page
first (who, and what it does), then the reset (prize/two_factor.py), audited and e-mailed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import two_factor


def reset_from_team(request, edition, user_pk):
    """Answer the team page's "Reset two-factor" button (a POST): the confirmation page, or,
    with ``confirm``, the reset. Someone the user may not reset does not exist for them."""
    person = get_object_or_404(two_factor.reset_candidates(edition), pk=user_pk)
    if not two_factor.can_reset(request.user, person, edition):
        if person.pk == request.user.pk:
            messages.error(request, _("You cannot reset your own two-factor verification: use a "
                                      "recovery code, or ask an administrator."))
            return redirect("staff_team", slug=edition.slug)
        raise Http404
    if request.POST.get("confirm") != "yes":
        return render(request, "prize/two_factor/reset_confirm.html", {
            "edition": edition, "person": person,
            "active": two_factor.is_active(person),
            "roles": [str(label) for label in _role_labels(person, edition)],
        })
    try:
        two_factor.reset(person=person, by=request.user, edition=edition)
    except two_factor.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(email)s's two-factor verification is reset; they have been "
                                    "told by e-mail and set it up again the next time they log in.")
                         % {"email": person.email})
    return redirect("staff_team", slug=edition.slug)


def _role_labels(person, edition):
    from .enums import Role

    return [Role(role).label for role in person.roles_in(edition)]
