"""Every HTML page a persona reaches carries the Content-Security-Policy (no inline script, no
'unsafe-inline' anywhere) and the Permissions-Policy, and its markup keeps to the policy: no
inline script, no event-handler attribute, no style attribute, and the nonce of each <style>
block is the one in the header. A sample of the pages of each app, through the test client."""

import re

import pytest
from django.urls import reverse

from tests.entries.conftest import season  # noqa: F401 (the fixture, by name)
from tests.judging.conftest import judging  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db

DISABLED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid",
                     "midi", "display-capture", "autoplay"]


def pages(j):
    """(persona, url) for a sample of every app's pages."""
    the_season = j.season
    slug = the_season.edition.slug
    draft, entry, round_ = the_season.draft, the_season.entry, j.round
    return [
        ("anonymous", reverse("home")),
        ("anonymous", reverse("edition_home", args=[slug])),
        ("anonymous", reverse("account_login")),
        ("anonymous", reverse("account_signup")),
        ("anonymous", reverse("account_reset_password")),
        ("entrant", reverse("dashboard")),
        ("entrant", reverse("profile")),
        ("entrant", reverse("account_email")),
        ("entrant", reverse("account_change_password")),
        ("entrant", reverse("entries:dashboard")),
        ("entrant", reverse("entries:profile")),
        ("entrant", reverse("entries:collaborators")),
        ("entrant", reverse("entries:entry_detail", args=[entry.pk])),
        ("entrant", reverse("entries:step", args=[draft.pk, "basics"])),
        ("entrant", reverse("entries:step", args=[draft.pk, "budget"])),
        ("entrant", reverse("entries:attachments", args=[draft.pk])),
        ("entrant", reverse("entries:review", args=[draft.pk])),
        ("judge", reverse("judging:dashboard")),
        ("judge", reverse("judging:review", args=[round_.pk, entry.pk])),
        ("judge", reverse("judging:conflicts")),
        ("judge", reverse("judging:profile")),
        ("secretariat", reverse("staff_index")),
        ("secretariat", reverse("staff_outbox")),
        ("secretariat", reverse("staff_audit")),
        ("secretariat", reverse("entries:staff_list", args=[slug])),
        ("secretariat", reverse("entries:staff_entry", args=[slug, entry.pk])),
        ("secretariat", reverse("entries:staff_revisions", args=[slug, entry.pk])),
        ("secretariat", reverse("entries:staff_stats", args=[slug])),
        ("secretariat", reverse("judging:staff_rounds", args=[slug])),
        ("secretariat", reverse("judging:staff_round", args=[round_.pk])),
        ("secretariat", reverse("judging:staff_criteria", args=[round_.pk])),
        ("secretariat", reverse("judging:staff_panels", args=[round_.pk])),
        ("secretariat", reverse("judging:staff_assignments", args=[round_.pk])),
        ("secretariat", reverse("judging:staff_progress", args=[round_.pk])),
        ("secretariat", reverse("judging:staff_results", args=[round_.pk])),
        ("superuser", reverse("admin:index")),
        ("superuser", reverse("admin:entries_entry_changelist")),
        ("superuser", reverse("admin:entries_entrant_change", args=[the_season.entrant.pk])),
        ("superuser", reverse("admin:prize_user_changelist")),
        ("superuser", reverse("admin:prize_user_change", args=[the_season.users["entrant"].pk])),
    ]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_policies(response, where: str) -> None:
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"], where
    assert csp["script-src"] == ["'self'"], where  # no inline script, no nonce, no eval
    assert csp["object-src"] == ["'none'"], where
    assert csp["base-uri"] == ["'self'"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["form-action"] == ["'self'"], where
    assert csp["img-src"] == ["'self'", "data:"], where
    assert csp["style-src"][0] == "'self'", where
    assert all(value.startswith("'nonce-") for value in csp["style-src"][1:]), where
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], where
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], where
    policy = response["Permissions-Policy"]
    for feature in DISABLED_FEATURES:
        assert f"{feature}=()" in policy, (where, feature)

    html = response.content.decode()
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html)
                      if "src=" not in tag and 'type="application/json"' not in tag]
    assert inline_scripts == [], where
    assert re.findall(r"<[^>]*\son[a-z]+\s*=", html) == [], where
    assert re.findall(r"<[^>]*\sstyle\s*=", html) == [], where
    assert "javascript:" not in html, where
    nonces = re.findall(r'<style nonce="([^"]+)">', html)
    assert len(nonces) == html.count("<style"), where
    for nonce in nonces:
        assert f"'nonce-{nonce}'" in csp["style-src"], where


def test_every_sampled_page_carries_both_policies_and_keeps_to_them(judging):  # noqa: F811
    clients = {}
    checked = 0
    for persona, url in pages(judging):
        client = clients.setdefault(persona, judging.client(persona))
        response = client.get(url)
        where = f"{persona} {url}"
        assert response.status_code == 200, where
        assert response["Content-Type"].startswith("text/html"), where
        assert_policies(response, where)
        checked += 1
    assert checked == 40


def test_error_pages_and_the_lockout_page_carry_them_too(client, edition):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_policies(missing, "404")

    for attempt in range(6):
        response = client.post(reverse("account_login"),
                               {"login": "someone@example.org", "password": f"wrong-{attempt}"})
    assert response.status_code == 429
    assert_policies(response, "429")


def test_a_staff_page_with_its_own_styles_names_their_nonce(judging):  # noqa: F811
    response = judging.client("secretariat").get(
        reverse("judging:staff_progress", args=[judging.round.pk]))

    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert len(nonce) >= 22
    assert f"style-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
    # a page without a <style> block has no nonce at all
    home = judging.client("anonymous").get(reverse("home"))
    directives = dict(part.strip().split(" ", 1)
                      for part in home["Content-Security-Policy"].split(";") if part.strip())
    assert directives["style-src"] == "'self'"  # in whatever order the policy lists them


def test_downloads_keep_their_own_stricter_policy(judging, settings, tmp_path):  # noqa: F811
    from entries.attachments import attachment_add
    from entries.samples import sample_pdf
    from tests.entries.test_attachments_views import upload

    settings.MEDIA_ROOT = tmp_path / "media"
    the_season = judging.season
    attachment = attachment_add(entry=the_season.draft, uploaded_file=upload("a.pdf",
                                sample_pdf("a")), by=the_season.users["entrant"])

    response = judging.client("entrant").get(
        reverse("entries:attachment_download", args=[attachment.pk]))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_application_sends_no_server_header_of_its_own(client, edition):
    response = client.get(reverse("home"))

    assert "Server" not in response
    assert "X-Powered-By" not in response
