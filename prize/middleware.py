"""Show times in the viewer's time zone: their profile's, else the one their browser reported
(cookie ``tz`` set by static/js/timezone.js). Server-side comparisons never depend on it."""

import zoneinfo

from django.http import HttpResponse
from django.utils import timezone

VALID_ZONES = zoneinfo.available_timezones()


def viewer_time_zone(request) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.time_zone:
        return user.time_zone
    cookie = request.COOKIES.get("tz", "")
    return cookie if cookie in VALID_ZONES else None


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = viewer_time_zone(request)
        request.viewer_time_zone = name
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class HealthCheckMiddleware:
    """``/healthz`` answers 200 for any Host header and over plain HTTP, so a container or load
    balancer health check works whatever ALLOWED_HOSTS and SECURE_SSL_REDIRECT say."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return HttpResponse("ok", content_type="text/plain")
        return self.get_response(request)
