"""Two-factor verification (django-allauth's MFA): who must have it, the middleware that holds
them to it, and the reset for someone who has lost both their second factor and their recovery
codes.

Superusers and anyone with a secretariat or coordinator role in any edition must log in with a
second factor, a code from an authenticator app or a security key (WebAuthn): until they have
one, every page except setting it up (and logging out, the password, allauth's own account
pages, the health check) sends them to the page that explains why (allauth's two-factor page,
``mfa_index``). Judges and entrants may turn it on from their profile. A staff member cannot
remove their last second factor while it is required (the adapter refuses the app's removal,
``_refuse_last_key`` a key's).

The reset removes every authenticator of a person (the app, the keys and the recovery codes), so
their next log-in asks only for the password and then holds them to setting it up again. The
edition's secretariat may reset a coordinator or a judge of their edition; a superuser may reset
anyone; nobody resets their own (``manage.py reset_two_factor`` is there for the last superuser).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .enums import Role
from .models import Edition, User
from .outbox import notify
from .services import audit

# The roles whose holders must log in with a second factor (superusers too).
REQUIRED_ROLES = (Role.SECRETARIAT, Role.COORDINATOR)
# What counts as a second factor: the recovery codes alone do not.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Whose two-factor an edition's secretariat may reset.
RESETTABLE_BY_SECRETARIAT = (Role.COORDINATOR, Role.JUDGE)

# Pages open to someone who must set up two-factor and has not yet (by URL name), besides
# every page of allauth itself (its account and two-factor pages).
OPEN_URL_NAMES = frozenset({
    "account_logout", "account_change_password", "account_set_password", "healthz", "favicon",
})


class TwoFactorError(Exception):
    """A reset refused, with the reason to show."""


def is_required(user) -> bool:
    """Whether ``user`` must log in with two factors (read from the roles of the request)."""
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or any(role in REQUIRED_ROLES for _e, role in user.role_set)


def _authenticators(user) -> Counter:
    """How many authenticators of each kind ``user`` has (one query, kept on the user for the
    request)."""
    if "_two_factor_types" not in user.__dict__:
        user.__dict__["_two_factor_types"] = Counter(
            Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True))
    return user.__dict__["_two_factor_types"]


def authenticator_types(user) -> set[str]:
    """The kinds of authenticator ``user`` has."""
    return set(_authenticators(user))


def second_factor_count(user) -> int:
    """How many second factors ``user`` has: the authenticator app and each security key."""
    counts = _authenticators(user)
    return sum(counts[kind] for kind in SECOND_FACTORS)


def forget(user) -> None:
    """Drop what ``authenticator_types`` kept (after a change in this request)."""
    user.__dict__.pop("_two_factor_types", None)


def is_active(user) -> bool:
    return bool(authenticator_types(user) & set(SECOND_FACTORS))


@dataclass(frozen=True)
class State:
    """What the profile and the two-factor page say about a person."""

    required: bool
    active: bool
    has_recovery_codes: bool
    has_app: bool = False
    security_keys: int = 0

    @property
    def can_turn_off(self) -> bool:
        return self.active and not self.required

    @property
    def can_remove_one(self) -> bool:
        """Whether one second factor (the app or a key) may go: not the last one of someone
        who must have it."""
        return not self.required or self.has_app + self.security_keys > 1


def state(user) -> State:
    counts = _authenticators(user)
    return State(required=is_required(user),
                 active=any(counts[kind] for kind in SECOND_FACTORS),
                 has_recovery_codes=bool(counts[Authenticator.Type.RECOVERY_CODES]),
                 has_app=bool(counts[Authenticator.Type.TOTP]),
                 security_keys=counts[Authenticator.Type.WEBAUTHN])


def _is_open(request, view_func) -> bool:
    match = request.resolver_match
    if match is not None and match.url_name in OPEN_URL_NAMES:
        return True
    module = getattr(view_func, "__module__", "") or ""
    func_path = getattr(match, "_func_path", "") or ""
    return module.startswith("allauth.") or func_path.startswith("allauth.")


def _wants_fragment(request) -> bool:
    """An htmx request or one that asks for JSON: a redirect would be swapped into the page or
    followed silently, so it gets a 403 with the reason instead."""
    if request.headers.get("HX-Request"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


class TwoFactorRequiredMiddleware:
    """Sends a person who must have two-factor and has none to the page that sets it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        # the two-factor page words itself for those who must have it
        request.two_factor_required = required = is_required(user)
        match = request.resolver_match
        if required and match is not None and match.url_name == "mfa_remove_webauthn":
            return _refuse_last_key(request, view_kwargs)
        if not required or _is_open(request, view_func) or is_active(user):
            return None
        message = _("Your role requires two-factor verification. Set up an authenticator app "
                    "or a security key on your two-factor page first.")
        if _wants_fragment(request):
            if request.headers.get("HX-Request"):
                return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
            return JsonResponse({"detail": message}, status=403)
        return redirect("mfa_index")


def _refuse_last_key(request, view_kwargs):
    """allauth's page that removes a security key does not ask the adapter whether the key may
    go (its app's page does): someone who must have two-factor keeps their last second factor."""
    from allauth.mfa.adapter import get_adapter

    key = Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.WEBAUTHN,
                                       pk=view_kwargs.get("pk")).select_related("user").first()
    if key is None or get_adapter().can_delete_authenticator(key):
        return None  # allauth answers 404 for someone else's key, and removes a spare one
    messages.error(request, get_adapter().error_messages["cannot_delete_authenticator"])
    return redirect("mfa_list_webauthn")


# --- The reset ---------------------------------------------------------------------------------


def reset_candidates(edition: Edition):
    """People of ``edition`` whose two-factor its staff may be asked to reset: the team and
    the judges."""
    return User.objects.filter(
        role_assignments__edition=edition,
        role_assignments__role__in=(Role.SECRETARIAT, Role.COORDINATOR, Role.JUDGE),
    ).distinct()


def may_reset_in(actor: User, edition: Edition) -> bool:
    """Whether ``actor`` resets anyone's two-factor in ``edition`` at all (the buttons on the team
    and panels pages); ``can_reset`` decides for each person."""
    return actor.is_authenticated and (actor.is_superuser
                                       or actor.has_role(edition, Role.SECRETARIAT))


def can_reset(actor: User, person: User, edition: Edition | None = None) -> bool:
    """Whether ``actor`` may reset ``person``'s two-factor (from ``edition``'s team page)."""
    if not actor.is_authenticated or actor.pk == person.pk:
        return False
    if actor.is_superuser:
        return True
    if edition is None or person.is_superuser or not actor.has_role(edition, Role.SECRETARIAT):
        return False
    if person.has_role(edition, Role.SECRETARIAT):
        return False
    return person.has_role(edition, *RESETTABLE_BY_SECRETARIAT)


def reset(*, person: User, by: User | None, edition: Edition | None = None) -> list[str]:
    """Remove every authenticator of ``person``, audited, and tell them by e-mail. Returns the
    kinds removed. ``by`` is None for the command line (the audit log says "system")."""
    if by is not None and by.pk == person.pk:
        raise TwoFactorError(_("You cannot reset your own two-factor verification: use a recovery "
                               "code, or ask the secretariat or an administrator."))
    with transaction.atomic():
        removed = sorted(Authenticator.objects.filter(user=person)
                         .values_list("type", flat=True))
        if not removed:
            raise TwoFactorError(_("%(email)s has no two-factor verification to reset.")
                                 % {"email": person.email})
        Authenticator.objects.filter(user=person).delete()
        forget(person)
        audit(by, "two_factor.reset", person, edition=edition,
              before={"authenticators": removed})
        notify(person, "prize/two_factor_reset", {
            "by_name": (by.get_full_name() if by else "") or _("an administrator"),
            "required": is_required(person),
        }, edition=edition)
    return removed
