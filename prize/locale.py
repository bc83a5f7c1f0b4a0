"""Which language a page speaks, and the switch between languages (docs/languages.md).

A request's language is, in this order: the language prefix of a public page's URL (/en/…,
/ko/…); a logged-in person's saved language (``User.language``); the language cookie; the
browser's Accept-Language; the site's default. ``LanguageMiddleware`` (where Django's
LocaleMiddleware would be) decides from what needs no database: the URL, the cookie and the
browser. ``UserLanguageMiddleware`` (after authentication) applies the person's saved language,
sends an unprefixed public address to its address in that language (302), and keeps the cookie
in step with the profile, so the browser remembers the language after logging out.

Public pages are wrapped in ``language_prefixed(...)``: like Django's ``i18n_patterns`` but
usable inside an app's URLconf, so a page keeps its namespace (``ceremony:winners``) while only
some of the app's pages carry a prefix.
"""

import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import URLResolver, get_script_prefix, is_valid_path, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def supported(code: str | None) -> str | None:
    """``code`` if it is one of the site's languages, else None."""
    return code if code in LANGUAGE_CODES else None


def language_from_path(path: str) -> str | None:
    """The language an address names by its first segment (``/ko/winners/`` → ``ko``)."""
    head = path.lstrip("/").split("/", 1)[0]
    return supported(head)


def language_from_browser(request) -> str:
    """The cookie's language, else the browser's Accept-Language, else the site's default."""
    return translation.get_language_from_request(request, check_path=False)


def unprefixed(path: str) -> str:
    """An address without its language prefix (``/ko/winners/`` → ``/winners/``)."""
    language = language_from_path(path)
    if language is None:
        return path
    return "/" + path.lstrip("/").removeprefix(language).lstrip("/")


def path_in_language(path: str, language: str) -> str:
    """``path`` (with any query string) as it reads in ``language``: a public page's address
    with that language's prefix; an address without a prefix stays as it is."""
    with translation.override(language_from_path(path) or translation.get_language()):
        return translate_url(path, language)


class LanguagePrefixPattern:
    """A URL prefix naming the active language (``en/``, ``ko/``). Django's
    LocalePrefixPattern, except that it may sit in an included URLconf."""

    def __init__(self):
        self.converters = {}

    @property
    def language_prefix(self) -> str:
        return f"{translation.get_language() or settings.LANGUAGE_CODE}/"

    @property
    def regex(self):
        # used by reverse(); Django caches what it builds from it per language
        return re.compile(re.escape(self.language_prefix))

    def match(self, path):
        prefix = self.language_prefix
        if path.startswith(prefix):
            return path.removeprefix(prefix), (), {}
        return None

    def check(self):
        return []

    def describe(self):
        return f"'{self}'"

    def __str__(self):
        return self.language_prefix


def language_prefixed(patterns) -> URLResolver:
    """Public pages whose address starts with the language: ``/en/…`` and ``/ko/…``."""
    return URLResolver(LanguagePrefixPattern(), list(patterns))


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageMiddleware:
    """Activates the language of the URL's prefix, else the cookie's, else the browser's.
    Replaces django.middleware.locale.LocaleMiddleware, at its place in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_path = language_from_path(request.path_info)
        language = from_path or language_from_browser(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not from_path:
            # the same address answers differently by cookie (or profile) and browser
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UserLanguageMiddleware:
    """After authentication: a logged-in person's saved language, the redirect of an unprefixed
    public address to its address in the request's language, and the cookie following the
    profile. Reads ``request.user`` only where the layout reads it anyway."""

    response_redirect_class = HttpResponseRedirect

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if language_from_path(request.path_info) is None:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and supported(user.language):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            redirect = self.prefixed_redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        self.follow_profile(request, response)
        return response

    def prefixed_redirect(self, request):
        """``/winners/`` → ``/ko/winners/`` when only the prefixed address exists."""
        path = request.path_info
        urlconf = getattr(request, "urlconf", None)
        if is_valid_path(path, urlconf):
            return None
        language = translation.get_language()
        candidate = f"/{language}{path}"
        needs_slash = False
        if not is_valid_path(candidate, urlconf):
            needs_slash = (settings.APPEND_SLASH and not candidate.endswith("/")
                           and is_valid_path(candidate + "/", urlconf))
            if not needs_slash:
                return None
        script_prefix = get_script_prefix()
        url = request.get_full_path(force_append_slash=needs_slash).replace(
            script_prefix, f"{script_prefix}{language}/", 1)
        response = self.response_redirect_class(url)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def follow_profile(request, response):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not supported(user.language):
            return
        if settings.LANGUAGE_COOKIE_NAME in response.cookies:
            return
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != user.language:
            set_language_cookie(response, user.language)


@csrf_exempt
@require_POST
def set_language(request):
    """The header's language switch: remember the choice (cookie, and the profile of a
    logged-in person) and go back to the same page in that language.

    A logged-in person's switch is checked against forgery like any form. A visitor's is not:
    the public results pages are one copy for every visitor, without a CSRF token, and all a
    forged switch could do is choose the language of the visitor's own browser."""
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    language = supported(request.POST.get("language"))
    if language is None:
        return render(request, "prize/language_refused.html", status=400)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = path_in_language(next_url, language)
    else:
        with translation.override(language):
            next_url = reverse("home")
    user = request.user
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    translation.activate(language)
    request.LANGUAGE_CODE = language
    response = HttpResponseRedirect(next_url)
    set_language_cookie(response, language)
    return response
