"""The platform on more than one machine: two web nodes on two ports behind no balancer at all
(each request chooses its node), two Celery workers and one beat, sharing PostgreSQL, Redis, the
media folder and the SECRET_KEY (tests/integration/nodes.py). Through real HTTP with one cookie
jar, as a browser behind a load balancer without sticky sessions:

* a session started on one node (log in) continues on the other, and ends on both at logout;
* a file uploaded through one node downloads through the other, byte for byte;
* an autosave conflict between the nodes is detected: the same draft saved through node A and
  then from another tab through node B with the version it had is refused (409), while the
  first tab's own next save through node B goes ahead (which tab wrote what is in the shared
  cache);
* a message queued by one node is delivered once, by one of the two workers, with beat running.
"""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from entries.models import Attachment
from entries.samples import sample_pdf
from prize.enums import NotificationStatus, Role
from prize.models import Notification
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    EditionFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormUseFactory,
    RoleFactory,
)

from .conftest import _services_or_skip, redis_url_with_db, wait_for
from .nodes import clean_redis, cluster_folder, start_cluster

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EMAIL = "entrant@example.org"
GRACE = 2.0  # after a delivery, how long nothing more may arrive before "once" is believed


@pytest.fixture(autouse=True)
def _through_the_real_broker():
    """The nodes bring their own workers (the folder's conftest would start one more)."""
    yield


@pytest.fixture(scope="module")
def cluster(request, django_db_setup, django_db_blocker, smtp_server):
    redis_url, _ = _services_or_skip()
    # the Redis database of the integration tests, as the folder's own worker uses
    redis_url = redis_url_with_db(redis_url, int(os.environ.get("INTEGRATION_REDIS_DB", "14")))
    folder = cluster_folder()
    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    running = start_cluster(settings_dict=settings_dict, redis_url=redis_url,
                            smtp_url=smtp_server.url, folder=folder)
    try:
        yield running
    finally:
        running.stop()
        clean_redis(running)
        if request.session.testsfailed:
            print(f"\nlogs of the nodes kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _logs_on_failure(request, cluster):
    failed_before = request.session.testsfailed
    yield
    if request.session.testsfailed > failed_before:
        print(cluster.logs())


@pytest.fixture
def smtp(smtp_server):
    smtp_server.handler.reset()
    return smtp_server.handler


@pytest.fixture
def draft():
    """An entrant's draft in an open call; the entrant's password is hashed as production
    hashes (the nodes do not know the suite's fast test hasher)."""
    edition = EditionFactory()
    use = EntryFormUseFactory(category=CategoryFactory(edition=edition))
    member = EntrantMemberFactory(user__email=EMAIL)
    RoleFactory(user=member.user, edition=edition, role=Role.ENTRANT)
    member.user.password = PBKDF2PasswordHasher().encode(PASSWORD, "nodes-salt", iterations=1000)
    member.user.save(update_fields=["password"])
    return EntryFactory(edition=edition, category=use.category, entrant=member.entrant,
                        form=use.form, answers={"title": "Cool roofs for Seoul"},
                        title="Cool roofs for Seoul")


# --- A browser's side ---------------------------------------------------------------------------


def browser() -> requests.Session:
    """One cookie jar for both nodes: cookies belong to the host, whatever the port, as they
    belong to the site's name behind a load balancer."""
    return requests.Session()


def csrf(session: requests.Session) -> str:
    return session.cookies["csrftoken"]


def log_in(session: requests.Session, node: str) -> None:
    assert session.get(f"{node}/accounts/login/", timeout=10).status_code == 200
    response = session.post(
        f"{node}/accounts/login/",
        data={"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": csrf(session)},
        allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:2000]


def dashboard(session: requests.Session, node: str) -> requests.Response:
    return session.get(f"{node}/entries/", allow_redirects=False, timeout=10)


# --- Sessions ------------------------------------------------------------------------------------


def test_a_session_started_on_one_node_continues_on_the_other(cluster, draft):
    node_a, node_b = cluster.urls
    session = browser()
    assert dashboard(session, node_b).status_code == 302  # not logged in yet

    log_in(session, node_a)

    on_b = dashboard(session, node_b)
    assert on_b.status_code == 200
    assert "Cool roofs for Seoul" in on_b.text
    assert dashboard(session, node_a).status_code == 200

    logout = session.post(f"{node_b}/accounts/logout/",
                          data={"csrfmiddlewaretoken": csrf(session)}, allow_redirects=False,
                          timeout=10)
    assert logout.status_code == 302
    after = dashboard(session, node_a)
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/accounts/login/")


# --- Files ---------------------------------------------------------------------------------------


def test_a_file_uploaded_through_one_node_downloads_through_the_other(cluster, draft):
    node_a, node_b = cluster.urls
    session = browser()
    log_in(session, node_a)
    content = sample_pdf("Cool roofs", "Measured on 120 roofs in Seongdong-gu.\n" * 20)

    page = f"{node_a}/entries/{draft.pk}/attachments/"
    assert session.get(page, timeout=10).status_code == 200
    uploaded = session.post(page, data={"csrfmiddlewaretoken": csrf(session)},
                            files={"files": ("Roofs 지붕.pdf", content, "application/pdf")},
                            allow_redirects=False, timeout=30)
    assert uploaded.status_code == 302, uploaded.text[:2000]

    (attachment,) = Attachment.objects.filter(entry=draft)
    downloaded = session.get(f"{node_b}/entries/attachments/{attachment.pk}/download/",
                             timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert (cluster.media_root / attachment.file.name).read_bytes() == content
    # someone else asking node B for it gets nothing
    stranger = browser().get(f"{node_b}/entries/attachments/{attachment.pk}/download/",
                             allow_redirects=False, timeout=10)
    assert stranger.status_code in (302, 404)
    assert stranger.content != content


# --- Autosave ------------------------------------------------------------------------------------


def autosave(session, node, draft, *, title, version, writer):
    return session.post(
        f"{node}/entries/{draft.pk}/steps/basics/",
        data={"title": title, "summary": "Roofs painted white.", "sectors": "energy",
              "version": str(version), "writer": writer},
        headers={"HX-Request": "true", "X-CSRFToken": csrf(session)},
        allow_redirects=False, timeout=10)


def test_an_autosave_conflict_between_the_nodes_is_detected(cluster, draft):
    node_a, node_b = cluster.urls
    session = browser()
    log_in(session, node_a)
    page = session.get(f"{node_a}/entries/{draft.pk}/steps/basics/", timeout=10)
    assert page.status_code == 200
    version = int(re.search(r'name="version" value="(\d+)"', page.text).group(1))
    first_tab, second_tab = "tab-one-4f1c9a", "tab-two-8d2e7b"

    saved = autosave(session, node_a, draft, title="From node A", version=version,
                     writer=first_tab)
    assert saved.status_code == 200

    stale = autosave(session, node_b, draft, title="From node B", version=version,
                     writer=second_tab)
    assert stale.status_code == 409
    assert "This entry was saved elsewhere" in stale.text
    draft.refresh_from_db()
    assert draft.answers["title"] == "From node A"
    assert draft.version == version + 1

    # The first tab's next save reaches node B before the page has the new version: its own
    # save, known to node B through the shared cache, so no conflict.
    own = autosave(session, node_b, draft, title="From node A, then B", version=version,
                   writer=first_tab)
    assert own.status_code == 200
    draft.refresh_from_db()
    assert draft.answers["title"] == "From node A, then B"


# --- Messages ------------------------------------------------------------------------------------


def test_a_message_queued_on_one_node_is_delivered_once(cluster, draft, smtp):
    node_a, node_b = cluster.urls
    session = browser()
    assert session.get(f"{node_b}/accounts/password/reset/", timeout=10).status_code == 200

    asked = session.post(f"{node_b}/accounts/password/reset/",
                         data={"email": EMAIL, "csrfmiddlewaretoken": csrf(session)},
                         allow_redirects=False, timeout=10)
    assert asked.status_code == 302

    wait_for(lambda: smtp.messages_to(EMAIL), timeout=30, what=f"the message to {EMAIL}",
             state=smtp.summary)
    time.sleep(GRACE)  # two workers and beat's re-queue every second: nothing more may come
    (message,) = smtp.messages_to(EMAIL)
    (row,) = Notification.objects.filter(to_email=EMAIL)
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 1
    assert message.message["X-Prize-Notification"] == str(row.pk)
    # the link inside was sealed by node B and opened by a worker: the same SECRET_KEY
    body = message.message.get_body(("plain",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:\d+/accounts/password/reset/key/\S+", body)
    assert link, body
    assert session.get(link.group(0).replace(cluster.urls[0], node_a), timeout=10
                       ).status_code in (200, 302)
