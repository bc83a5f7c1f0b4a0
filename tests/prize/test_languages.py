"""English and Korean: which language a page speaks (the URL's prefix on public pages, a person's
saved language, the cookie, the browser), the header's switch, each public page's address per
language with hreflang alternates, and dates written as each language writes them."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from prize.formats import moment
from prize.models import User
from tests.factories import PASSWORD, EditionFactory, UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


# --- Which language a request gets --------------------------------------------------------------


def test_the_first_visit_follows_the_browsers_accept_language(client, edition):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.8")

    assert html_lang(response) == "ko"
    assert response["Content-Language"] == "ko"


def test_a_browser_asking_for_another_language_gets_english(client, edition):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert html_lang(response) == "en"


def test_the_cookie_wins_over_the_browser(client, edition):
    client.cookies[COOKIE] = "en"

    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="ko")

    assert html_lang(response) == "en"


def test_a_logged_in_persons_saved_language_wins_over_cookie_and_browser(client, edition):
    user = UserFactory(language="ko")
    client.force_login(user, backend=BACKEND)
    client.cookies[COOKIE] = "en"

    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")

    assert html_lang(response) == "ko"
    assert response.cookies[COOKIE].value == "ko"  # the cookie follows the profile


def test_a_public_address_keeps_its_language_whatever_the_profile_says(client, edition):
    client.force_login(UserFactory(language="ko"), backend=BACKEND)

    response = client.get(in_language("en", "edition_home", edition.slug))

    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_pages_that_answer_by_cookie_or_browser_say_they_vary_by_them(client, edition):
    varies = client.get(reverse("account_login"))["Vary"]
    prefixed = client.get(in_language("ko", "home"))

    assert "Accept-Language" in varies and "Cookie" in varies
    assert prefixed["Content-Language"] == "ko"


# --- Public pages have an address per language --------------------------------------------------


def test_public_pages_have_an_address_per_language():
    with translation.override("ko"):
        assert reverse("home") == "/ko/"
        assert reverse("edition_home", args=["seoul"]) == "/ko/editions/seoul/"
        assert reverse("ceremony:archive") == "/ko/winners/"
        assert reverse("ceremony:winners", args=["seoul"]) == "/ko/editions/seoul/winners/"
        assert reverse("ceremony:ceremony", args=["seoul"]) == "/ko/editions/seoul/ceremony/"
        assert reverse("privacy:policy") == "/ko/privacy/"
        # pages of a person or of staff, and files, keep one address
        assert reverse("dashboard") == "/dashboard/"
        assert reverse("privacy:home") == "/accounts/privacy/"
        assert reverse("ceremony:winner_image", args=["seoul", "ABCD"]) == (
            "/editions/seoul/winners/ABCD/image/")


@pytest.mark.parametrize(("accept", "cookie", "expected"), [
    ("ko-KR,ko;q=0.9", None, "/ko/editions/{slug}/?a=1"),
    ("en", None, "/en/editions/{slug}/?a=1"),
    ("en", "ko", "/ko/editions/{slug}/?a=1"),
])
def test_an_address_without_a_language_redirects_to_the_visitors_language(
        client, edition, accept, cookie, expected):
    if cookie:
        client.cookies[COOKIE] = cookie

    response = client.get(f"/editions/{edition.slug}/?a=1", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == expected.format(slug=edition.slug)
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_the_site_root_and_a_missing_slash_redirect_too(client, edition):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ko")["Location"] == "/ko/"
    assert client.get("/winners", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/winners/"
    assert client.get("/ko/winners")["Location"] == "/ko/winners/"


def test_a_logged_in_person_is_sent_to_their_saved_language(client, edition):
    client.force_login(UserFactory(language="ko"), backend=BACKEND)

    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/ko/privacy/"


def test_an_unknown_address_stays_a_404(client, edition):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/fr/winners/").status_code == 404


@pytest.mark.parametrize("name", ["home", "edition_home", "privacy:policy", "ceremony:archive"])
def test_each_public_page_names_its_addresses_in_every_language(client, edition, name):
    args = [edition.slug] if name == "edition_home" else []
    response = client.get(in_language("ko", name, *args))
    html = response.content.decode()
    site = settings.SITE_URL

    assert response.status_code == 200
    assert html_lang(response) == "ko"
    path_en, path_ko = in_language("en", name, *args), in_language("ko", name, *args)
    assert f'<link rel="alternate" hreflang="en" href="{site}{path_en}">' in html
    assert f'<link rel="alternate" hreflang="ko" href="{site}{path_ko}">' in html
    assert (f'<link rel="alternate" hreflang="x-default" href="{site}{path_en[3:]}">'
            in html)
    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="{site}{path_ko}">' in html


def test_pages_with_one_address_have_no_alternates(client, edition):
    client.force_login(UserFactory(), backend=BACKEND)

    html = client.get(reverse("dashboard")).content.decode()

    assert "hreflang" not in html


# --- The switch ----------------------------------------------------------------------------------


def switch_buttons(html: str) -> list[str]:
    form = re.search(r'<form class="language-switch".*?</form>', html, re.S)[0]
    return re.findall(r"<button[^>]*>[^<]*</button>", form)


def test_every_page_has_the_switch_each_language_named_in_itself(client, edition):
    html = client.get(in_language("en", "home")).content.decode()

    buttons = switch_buttons(html)
    assert len(buttons) == 2
    assert 'value="en" lang="en"' in buttons[0] and ">English<" in buttons[0]
    assert 'value="ko" lang="ko"' in buttons[1] and ">한국어<" in buttons[1]
    assert 'aria-current="true"' in buttons[0] and "aria-current" not in buttons[1]
    assert f'name="next" value="{in_language("en", "home")}"' in html


def test_a_visitor_switches_and_returns_to_the_same_page_in_korean(client, edition):
    page = in_language("en", "edition_home", edition.slug) + "?tab=1"

    response = client.post(reverse("set_language"), {"language": "ko", "next": page})

    assert response.status_code == 302
    assert response["Location"] == f"/ko/editions/{edition.slug}/?tab=1"
    assert response.cookies[COOKIE].value == "ko"
    assert response.cookies[COOKIE]["max-age"] == settings.LANGUAGE_COOKIE_AGE
    after = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(after) == "ko"


def test_switching_on_a_page_with_one_address_keeps_it(client, edition):
    response = client.post(reverse("set_language"),
                           {"language": "ko", "next": reverse("account_login")})

    assert response["Location"] == reverse("account_login")
    assert html_lang(client.get(response["Location"])) == "ko"


def test_a_persons_choice_is_saved_and_applies_at_the_next_login_elsewhere(client, edition):
    user = UserFactory(email="min@example.org", language="en")
    client.force_login(user, backend=BACKEND)

    client.post(reverse("set_language"), {"language": "ko", "next": reverse("dashboard")})

    user.refresh_from_db()
    assert user.language == "ko"
    other_browser = type(client)()
    response = other_browser.post(reverse("account_login"),
                                  {"login": user.email, "password": PASSWORD},
                                  HTTP_ACCEPT_LANGUAGE="en")
    assert response.cookies[COOKIE].value == "ko"
    dashboard = other_browser.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(dashboard) == "ko"


@pytest.mark.parametrize("language", ["fr", "", "ko-KR", "<script>", "x" * 500])
def test_a_language_not_offered_is_refused_and_nothing_changes(client, edition, language):
    user = UserFactory(language="en")
    client.force_login(user, backend=BACKEND)
    client.cookies[COOKIE] = "en"

    response = client.post(reverse("set_language"), {"language": language, "next": "/dashboard/"})

    assert response.status_code == 400
    assert "Language not offered" in response.content.decode()
    assert COOKIE not in response.cookies
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.parametrize("next_url", [
    "https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http:/evil.example",
    "\\\\evil.example", "dashboard/", "",
])
def test_an_unsafe_return_address_goes_home_instead(client, edition, next_url):
    response = client.post(reverse("set_language"), {"language": "ko", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/ko/"


def test_a_logged_in_persons_switch_needs_the_forms_token(edition):
    from django.test import Client

    user = UserFactory(language="en")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user, backend=BACKEND)

    forged = browser.post(reverse("set_language"), {"language": "ko", "next": "/dashboard/"})

    assert forged.status_code == 403
    user.refresh_from_db()
    assert user.language == "en"


def test_a_visitor_switches_on_a_page_shared_without_a_token(edition):
    """The public results pages are one cached copy for every visitor, with no CSRF token."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("set_language"),
                            {"language": "ko", "next": in_language("en", "ceremony:archive")})

    assert response["Location"] == "/ko/winners/"
    assert response.cookies[COOKIE].value == "ko"


def test_the_switch_takes_no_get(client):
    assert client.get(reverse("set_language") + "?language=ko&next=/").status_code == 405


# --- Dates, times, numbers -----------------------------------------------------------------------


def test_a_moment_reads_as_each_language_writes_it():
    at = datetime(2023, 9, 25, 15, 0)

    with translation.override("en"):
        assert moment(at) == "25 September 2023, 15:00"
        assert moment(at, "DATE_FORMAT") == "25 September 2023"
        assert moment(at, "SHORT_DATETIME_FORMAT") == "25 Sep 2023, 15:00"
        assert moment(at, "LONG_DATETIME_FORMAT") == "Monday 25 September 2023, 15:00"
    with translation.override("ko"):
        # the weekday is Django's abbreviation until our catalogue gives its one syllable
        assert re.fullmatch(r"2023년 9월 25일 \(월(요일)?\) 오후 3:00", moment(at))
        assert moment(at, "DATE_FORMAT") == "2023년 9월 25일"
        assert moment(at, "TIME_FORMAT") == "오후 3:00"
        assert moment(at, "SHORT_DATE_FORMAT") == "2023. 9. 25."
        assert moment(at, "DATETIME_SECONDS_FORMAT") == "2023. 9. 25. 오후 3:00:00"
        assert moment(at, "YEAR_MONTH_FORMAT") == "2023년 9월"


def test_a_page_in_korean_writes_its_dates_in_korean(client):
    edition = EditionFactory(ceremony_at=datetime(2023, 9, 25, 6, 0, tzinfo=UTC))

    korean = client.get(in_language("ko", "edition_home", edition.slug)).content.decode()
    english = client.get(in_language("en", "edition_home", edition.slug)).content.decode()

    assert "2023년 9월 25일" in korean  # 15:00 in Seoul
    assert "25 September 2023" in english


def test_the_edition_names_a_moment_in_the_language_of_the_message():
    edition = EditionFactory(time_zone="Asia/Seoul")
    at = datetime(2023, 9, 25, 6, 0, tzinfo=UTC)

    with translation.override("ko"):
        assert re.fullmatch(r"2023년 9월 25일 \(월(요일)?\) 오후 3:00 \(Asia/Seoul\)",
                            edition.when(at))
    with translation.override("en"):
        assert edition.when(at) == "25 September 2023, 15:00 (Asia/Seoul)"


# --- Queries -------------------------------------------------------------------------------------


def test_the_language_costs_no_query(client, edition, count_queries):
    url = in_language("en", "edition_home", edition.slug)
    client.get(url)
    client.get(reverse("account_login"))
    plain = count_queries(lambda: client.get(url))
    unprefixed = count_queries(lambda: client.get(reverse("account_login")))
    client.cookies[COOKIE] = "ko"
    with_cookie = count_queries(lambda: client.get(reverse("account_login")))
    redirect = count_queries(lambda: client.get(f"/editions/{edition.slug}/"))

    assert with_cookie == unprefixed
    assert redirect == 0
    user = UserFactory(language="ko")
    client.force_login(user, backend=BACKEND)
    logged_in = count_queries(lambda: client.get(url))
    assert logged_in >= plain  # (the session and the user, which the header reads anyway)
    assert User.objects.get(pk=user.pk).language == "ko"
