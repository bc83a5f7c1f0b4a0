"""The edition's phase on its home page and on the dashboard, in Chromium: axe clean and no
sideways scrolling from a 320 px phone up, whatever the phase."""

from datetime import UTC, datetime, timedelta

import pytest

from ceremony.models import Publication
from prize.enums import EditionStatus, Role
from tests.browser.support import OVERFLOW, assert_accessible, log_in_as
from tests.factories import EditionFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
NOW = datetime.now(UTC)


def log_in(page, live_server, user):
    log_in_as(page, live_server, user)


@pytest.mark.parametrize("phase, opens, closes, published", [
    ("Call opens soon", NOW + timedelta(days=10), NOW + timedelta(days=40), None),
    ("Judging", NOW - timedelta(days=60), NOW - timedelta(days=1), None),
    ("Winners announced", NOW - timedelta(days=200), NOW - timedelta(days=100),
     NOW - timedelta(days=2)),
])
def test_phase_is_readable_from_phone_to_laptop(page, live_server, phase, opens, closes,
                                                published):
    edition = EditionFactory(call_opens_at=opens, call_closes_at=closes,
                             ceremony_at=closes + timedelta(days=60),
                             status=EditionStatus.JUDGING)
    if published:
        Publication.objects.create(edition=edition, published_at=published)
    judge = UserFactory()
    RoleFactory(user=judge, edition=edition, role=Role.JUDGE)
    log_in(page, live_server, judge)
    for path in ("/", "/dashboard/"):
        page.goto(path)
        badge = page.locator(".status-badge", has_text=phase).first
        assert badge.is_visible()
        for width in (320, 768, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate(OVERFLOW) <= 0, (path, width)
        assert_accessible(page)
