"""The reply form and the staff's invitation pages in Chromium: axe-core passes (the form as it
comes, refused with its messages, and read-only after the deadline), it works with the keyboard
alone, nothing overflows at 320 px, and the name cards print without the site's navigation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremony import services
from ceremony.models import Invitation, token_digest
from tests.browser.support import OVERFLOW, assert_accessible, check_headings, log_in_with_password
from tests.ceremony import invitation_support as support
from tests.ceremony.invitation_support import GOOD_REPLY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The fixtures, by name.
ceremony_fixture, invited = support.ceremony_fixture, support.invited

TOKEN = "browser-reply-token"


@pytest.fixture
def link(invited):
    entry = invited.all_finalists[0]
    invited.invitation = Invitation.objects.create(edition=invited.edition, entry=entry,
                                                   token_digest=token_digest(TOKEN))
    return reverse("ceremony:reply", args=[TOKEN])


@pytest.mark.parametrize("width", [320, 1280])
def test_the_reply_form_is_accessible_and_works_with_the_keyboard(invited, link, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(link)
    check_headings(page)
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)

    # Refused: two guests said, one named. The messages are accessible too, and what was
    # typed is still there.
    page.get_by_label("Yes, we will attend").check()
    page.get_by_label("Who receives the prize on stage").fill("KIM Min-jun")
    page.get_by_label("How many guests come with them").fill("2")
    page.get_by_label("The guests' names").fill("Lee Ji-eun")
    page.get_by_label("Dietary needs").fill("Vegetarian")
    page.get_by_label("Dietary needs").press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the focused submit button
    assert "You said 2 guests but named 1" in page.content()
    assert page.get_by_label("Dietary needs").input_value() == "Vegetarian"
    assert page.get_by_label("Who receives the prize on stage").input_value() == "KIM Min-jun"
    assert_accessible(page)

    page.get_by_label("The guests' names").fill("Lee Ji-eun\nPark Seo-yeon")
    page.get_by_label("The guests' names").press("Tab")
    page.get_by_label("Accessibility needs").press("Tab")
    page.get_by_label("Dietary needs").press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**{link}")
    assert "your reply is saved" in page.content()
    assert Invitation.objects.get(pk=invited.invitation.pk).guests == ["Lee Ji-eun",
                                                                       "Park Seo-yeon"]
    assert page.evaluate(OVERFLOW) <= 0
    assert_accessible(page)


def test_the_closed_reply_is_accessible(invited, link, page):
    services.reply_save(invitation=invited.invitation, data=GOOD_REPLY, by=None)
    invited.details.reply_by = timezone.now() - dt.timedelta(minutes=1)
    invited.details.save()
    page.goto(link)
    assert "Replies closed" in page.content()
    assert page.locator("form.reply-form").count() == 0
    check_headings(page)
    assert_accessible(page)


def login(page, email):
    log_in_with_password(page, email)  # with the code step for staff


def test_the_staff_pages_are_accessible_and_the_cards_print_alone(invited, link, page):
    services.reply_save(invitation=invited.invitation, data=GOOD_REPLY, by=None)
    login(page, "secretariat@example.org")
    page.goto(reverse("ceremony:staff_invitations", args=[invited.edition.slug]))
    check_headings(page)
    assert "KIM Min-jun" in page.content()
    assert_accessible(page)

    page.goto(reverse("ceremony:staff_invitation_badges", args=[invited.edition.slug]))
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".judging-subnav").is_hidden()
    assert page.locator(".badge-card").count() == 3  # the person on stage and two guests
    assert page.locator(".badge-card").first.is_visible()
