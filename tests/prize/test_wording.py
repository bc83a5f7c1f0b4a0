"""One name for each way in: "Log in" / "Log out" and "Sign up", on the account pages, in their
messages and in the e-mails (never "Sign in", "Sign out", "Signup" or "Create an account")."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
OTHER_WORDS = re.compile(r"\bsign[ -]?(in|on|out)\b|\bsignup\b|\bcreate an account\b|"
                         r"\blog[ -]?on\b|\blogin\b|\blogout\b", re.I)


def words(html: str) -> str:
    """The text a person reads: no tags, no template code, no addresses."""
    html = re.sub(r"{% comment %}.*?{% endcomment %}", " ", html, flags=re.S)
    html = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_account_pages_say_log_in_and_sign_up(client):
    login = client.get(reverse("account_login")).content.decode()
    signup = client.get(reverse("account_signup")).content.decode()

    assert re.search(r"<h1[^>]*>\s*Log in\s*</h1>", login)
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Log in\s*</button>', login)
    assert re.search(r"<h1[^>]*>\s*Sign up\s*</h1>", signup)
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Sign up\s*</button>', signup)
    for page in (login, signup):
        assert OTHER_WORDS.search(words(page)) is None, OTHER_WORDS.search(words(page))


def test_logging_in_and_out_says_so(client):
    user = UserFactory(email="ada@example.org")

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    home = client.get(reverse("home")).content.decode()
    out_page = client.get(reverse("account_logout")).content.decode()
    client.post(reverse("account_logout"))
    after = client.get(reverse("account_login")).content.decode()

    assert "You are logged in as" in home
    assert re.search(r"<h1[^>]*>\s*Log out\s*</h1>", out_page)
    assert "You have logged out." in after
    assert OTHER_WORDS.search(words(out_page)) is None


@pytest.mark.parametrize("folder", ["account", "allauth", "emails"])
def test_our_account_templates_and_emails_use_the_same_words(folder):
    found = []
    for path in sorted((TEMPLATES / folder).rglob("*")):
        if path.suffix in {".html", ".txt"}:
            for match in OTHER_WORDS.finditer(words(path.read_text(encoding="utf-8"))):
                found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    base = words((TEMPLATES / "base.html").read_text(encoding="utf-8"))

    assert found == []
    assert OTHER_WORDS.search(base) is None
