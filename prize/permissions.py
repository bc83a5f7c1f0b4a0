"""Permission helpers for views: anonymous users go to the login page, everyone else without the
permission gets a 404: what a user may not see does not exist for them."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def deny(request):
    """The answer for a user who may not see this page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def permission_required(perm: str, get_object=None):
    """Decorator: ``get_object(request, **kwargs)`` returns the object the permission is about
    (it may itself raise 404); the object is handed to the view as ``obj``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                raise Http404
            if get_object:
                kwargs["obj"] = obj
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
