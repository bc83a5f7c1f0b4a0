"""The page where staff make and revoke their own API tokens, and its link on the profile.

Each person sees only their own tokens: a token of anyone else is a 404, for a superuser too.
A new token is shown once, in the answer to the form that made it (never cached, never
stored); afterwards only its visible prefix is. Anonymous visitors are asked to log in;
people who may not hold tokens (and hold none) get a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import tokens
from .forms import TokenForm

PAGE_SIZE = 50


def _may_open(user) -> bool:
    return tokens.may_hold_tokens(user) or tokens.tokens_of(user).exists()


@login_required
def tokens_page(request):
    user = request.user
    if not _may_open(user):
        raise Http404
    may_create = tokens.may_hold_tokens(user)
    form = TokenForm(request.POST or None) if may_create else None
    created = None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                created = tokens.token_create(user=user, name=form.cleaned_data["name"],
                                              days=form.cleaned_data["days"])
            except ValidationError as exc:
                form.add_error("name", exc)
            else:
                form = TokenForm()
        if created is None:
            messages.error(request, _("The token was not made: please correct the form."))
    page = Paginator(tokens.tokens_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "api/tokens.html", {
        "form": form, "created": created, "page": page,
        "docs_url": reverse("api:v1-docs"),
    }, status=400 if request.method == "POST" and created is None else 200)
    add_never_cache_headers(response)  # the new token is in this answer, once
    return response


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)
    if token.revoked_at is None:
        tokens.token_revoke(token=token, by=request.user)
        messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the "
                                    "API.") % {"name": token.name})
    return redirect("api:tokens")


def profile_panel(request, objects):
    """For the ``prize.profile`` slot: a link to the tokens page, for those who may hold
    tokens (or still hold some); nothing for anyone else."""
    if not objects or not _may_open(objects[0]):
        return None
    return {"tokens_url": reverse("api:tokens"), "docs_url": reverse("api:v1-docs")}
