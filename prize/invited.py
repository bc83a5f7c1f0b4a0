"""What every invitation by e-mail shares (judges to a round, staff to an edition's team): a
person invited without an account gets one with no password, and the first visit of the link
sets it; the page then goes through the same states (``invitation_page``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.http import HttpResponse

from .models import User

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def first_password(user: User, *, name: str, password: str) -> None:
    """The invited person's name and first password; the invited address counts as verified
    (the link reached it) and becomes the primary one."""
    with transaction.atomic():
        user.name = name.strip()
        user.set_password(password)
        user.save(update_fields=["name", "password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
            primary=False)
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            address = EmailAddress(user=user, email=user.email)
        address.verified = True
        address.primary = True
        address.save()


@dataclass
class Invitation:
    """One invitation page: the invited account, the page's own address, its template and
    context, what accepting does, and what follows."""

    invited: User
    here: str
    template: str
    context: dict
    accepted: bool
    accept: Callable[[User], None]  # for the invited account, in the caller's terms
    welcome: str  # the message once accepted
    done: str  # where the accepted person goes


def invitation_page(request, page: Invitation) -> HttpResponse:
    """The states every invitation by e-mail goes through. Logged out: an account that has a
    password (or a superuser's) logs in first and comes back; a new account chooses its name and
    first password here, which accepts and logs in. Logged in as someone else: told to log out.
    The invited account: accepts (POST), or reads that it did."""
    from django.contrib import messages
    from django.contrib.auth import login
    from django.http import QueryDict
    from django.shortcuts import redirect, render
    from django.urls import reverse

    from .forms import InvitationPasswordForm

    user, invited = request.user, page.invited
    context = {**page.context, "invited": invited}
    if not user.is_authenticated:
        # The link sets a first password only for an account that never had one, and never
        # for a superuser's: those log in (or reset their password) like anyone else.
        if invited.has_usable_password() or invited.is_superuser:
            query = QueryDict.fromkeys(["next"], page.here).urlencode()
            return render(request, page.template, {
                **context, "state": "log_in",
                "login_url": f"{reverse('account_login')}?{query}"})
        form = InvitationPasswordForm(request.POST or None, user=invited)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                first_password(invited, name=form.cleaned_data["name"],
                               password=form.cleaned_data["password1"])
                page.accept(invited)
            login(request, invited, backend=BACKEND)
            messages.success(request, page.welcome)
            return redirect(page.done)
        return render(request, page.template, {**context, "state": "password", "form": form},
                      status=400 if form.errors else 200)
    if user.pk != invited.pk:
        return render(request, page.template,
                      {**context, "state": "other_account", "here": page.here})
    if request.method == "POST":
        page.accept(user)
        if not page.accepted:
            messages.success(request, page.welcome)
        return redirect(page.done)
    return render(request, page.template,
                  {**context, "state": "accepted" if page.accepted else "accept"})
