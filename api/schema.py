"""How the OpenAPI description names our authentication: a bearer token for the staff
endpoints (the session, for the docs page's "Try it out", is the browser's own)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A token made on /api/tokens/ (shown once when made)."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ReadOnlySessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "A signed-in staff session (the docs page in the browser)."}
