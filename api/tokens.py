"""Making, finding and revoking API tokens (see ``models.ApiToken``).

A token reads ``ssp_<prefix>_<secret>``: the prefix (8 characters) is stored as it is, to find
the row; the whole token is stored only as its SHA-256 digest, compared in constant time.
Making and revoking a token are audited without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prize.models import User
from prize.selectors import editions_staffed_by
from prize.services import audit

from .models import ApiToken

TAG = "ssp_"
PREFIX_LENGTH = 8
# How long a new token lives, in days: the choices its owner has.
LIFETIMES = (30, 90, 365)
DEFAULT_LIFETIME = 90
# ``last_used_at`` is written at most this often per token (a busy client does not turn each
# read into a write).
TOUCH_EVERY = timedelta(minutes=1)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def may_hold_tokens(user: User) -> bool:
    """Tokens are for the people who run an edition: its secretariat and coordinators, and
    superusers. (A token grants nothing by itself: each request is checked like a page.)"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or editions_staffed_by(user).exists()


def tokens_of(user: User):
    """The user's own tokens: the only tokens anyone is ever shown."""
    return ApiToken.objects.filter(user=user)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once to its owner and never kept


def token_create(*, user: User, name: str, days: int = DEFAULT_LIFETIME) -> NewToken:
    if not may_hold_tokens(user):
        raise ValidationError(_("Only the people who run an edition may hold API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name."))
    if days not in LIFETIMES:
        raise ValidationError(_("Choose how long the token lasts."))
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = f"{TAG}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.now() + timedelta(days=days)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(user=user, name=name, prefix=prefix,
                                            digest=digest_of(secret), expires_at=expires_at)
            audit(user, "api_token.create", token,
                  after={"name": name, "expires_at": expires_at.isoformat()})
    except IntegrityError as exc:
        raise ValidationError(_("You already have a token of that name; choose another "
                                "or revoke it first.")) from exc
    return NewToken(token=token, secret=secret)


def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke one's own token (revoking it again changes nothing)."""
    if token.user_id != by.pk:
        raise ValidationError(_("You can only revoke your own tokens."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(by, "api_token.revoke", token, before={"name": token.name})
    return token


def token_lookup(presented: str) -> ApiToken | None:
    """The live token matching ``presented``, or None (unknown, malformed, revoked, expired,
    or its owner's account is inactive). One query; ``last_used_at`` is written at most once
    a minute."""
    if not presented.startswith(TAG) or "\x00" in presented or len(presented) > 200:
        return None
    prefix = presented[len(TAG):len(TAG) + PREFIX_LENGTH]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(presented)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
