"""Sealed values: what only an e-mail's recipient may read (a reset link, an invitation link).

The outbox keeps a message's ordinary context in plain JSON for staff to read. Values that grant
access to an account are kept apart, encrypted with a key derived from ``SECRET_KEY`` (Fernet:
AES-128-CBC with an HMAC), opened only by the delivery task and wiped once the message has left.
``SECRET_KEY_FALLBACKS`` keep messages sealed before a key rotation readable.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

_PURPOSE = b"prize.outbox.sealed-values.v1:"


class SealBroken(Exception):
    """The sealed values cannot be opened (the key changed, or the data was altered)."""


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(_PURPOSE + key.encode()).digest()))
            for key in keys
        ]
    )


def seal(values: dict[str, str]) -> str:
    """Encrypt a mapping of names to strings; the result is plain ASCII text."""
    payload = json.dumps(values, separators=(",", ":"), sort_keys=True).encode()
    return _fernet().encrypt(payload).decode("ascii")


def unseal(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError) as exc:
        raise SealBroken("The message's personal link can no longer be read.") from exc
