"""Who is calling: ``Authorization: Bearer <token>`` (see ``tokens``).

No header: the request goes on unauthenticated (or, on the staff endpoints, with the signed-in
session, so that staff can try the endpoints from the docs page). A header that is not a
live token is refused with 401 and a JSON message, never treated as anonymous.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .tokens import token_lookup

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not isinstance(header, str):
            header = header.decode("latin-1")
        if not header:
            return None
        words = header.split()
        if not words or words[0].lower() != KEYWORD.lower():
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”."))
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must hold one token after “Bearer”."))
        token = token_lookup(words[1])
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class ReadOnlySessionAuthentication(authentication.SessionAuthentication):
    """The signed-in session, for the docs page's "Try it out" on the staff endpoints. Every
    endpoint is read-only (GET), so the CSRF check that the session needs for writes never
    applies; the tokens page itself is an ordinary Django page with its own CSRF check."""
