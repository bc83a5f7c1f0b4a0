"""Pages of one's data rights: the public privacy page, and the person's own page where they
download everything held about them or close their account. Thin: the rules are in
prize/privacy.py."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import privacy
from .privacy_forms import CloseForm, PasswordForm


def policy(request):
    return render(request, "prize/privacy/policy.html", {
        "retention_days": privacy.retention_days()})


def _home(request, download_form=None, status=200):
    return render(request, "prize/privacy/home.html", {
        "download_form": download_form or PasswordForm(user=request.user),
        "refusals": privacy.refusals_of(request.user),
    }, status=status)


@never_cache
@login_required
def home(request):
    return _home(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def download(request):
    """POST with the password: the zip. Any other way here leads back to the page."""
    if request.method != "POST":
        return redirect("privacy:home")
    form = PasswordForm(request.POST, user=request.user)
    if not form.is_valid():
        return _home(request, download_form=form, status=400)
    file, _archive = privacy.build_archive(request.user)
    name = f"personal-data-{timezone.now():%Y-%m-%d}.zip"
    response = FileResponse(file, as_attachment=True, filename=name,
                            content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def close(request):
    user = request.user
    refusals = privacy.refusals_of(user)
    form = CloseForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST" and not refusals:
        if form.is_valid():
            try:
                privacy.account_close(user=user)
            except privacy.ClosingRefused as refused:
                refusals = refused.reasons
            else:
                logout(request)
                return redirect("privacy:closed")
        status = 400
    # Only results already public are named: under embargo, the page says nothing of them.
    keeps = [k for k in privacy.keeps_of([user.pk]).get(user.pk, []) if k.public_name]
    return render(request, "prize/privacy/close.html", {
        "form": form, "refusals": refusals, "keeps": keeps}, status=status)


def closed(request):
    """Where a closed account lands, signed out."""
    return render(request, "prize/privacy/closed.html")
