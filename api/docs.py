"""The OpenAPI description (drf-spectacular) and its browsable docs (Swagger UI).

Swagger UI's files come from our own static files (drf-spectacular-sidecar), never a CDN; the
"split" view serves the page's start-up script as a file of its own, so the page runs under
the site's Content-Security-Policy (no inline script), and our template gives its one
<style> block the request's nonce. The page and the description are public: they describe the
endpoints, and hold no data.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle


class Schema(SpectacularAPIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonRateThrottle,)


class SwaggerDocs(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Prize platform API"
    permission_classes = (AllowAny,)
    throttle_classes = (AnonRateThrottle,)
