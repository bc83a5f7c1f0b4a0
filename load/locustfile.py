"""Simulated judges and staff for ``make load`` (Locust, ``locust -f load/locustfile.py``).

``LOAD_PLAN`` names the JSON ``load.season.prepare`` wrote (who logs in with what, and each
judge's assignments); ``LOAD_OUT`` the JSON this file writes when Locust quits: per page, the
response times and status codes, and what each judge was told was saved, for the check.

A judge (``JudgeUser``, one per planned judge) logs in through the login form (with its CSRF
token), opens the dashboard, then each assignment's scoring page, and types scores the way the
browser's autosave (static/js/autosave.js on the htmx form of templates/judging/judge/review.html)
sends them: one POST of the whole form to ``save/`` per pause in typing (one to three new
scores), with the htmx headers, the CSRF header, the review's version (updated from each
answer's ``HX-Trigger``) and the tab's writer id, one save at a time
(``hx-sync="this:queue last"``), now and then with the version from before the tab's previous
save, as a queued save or a reload sends it (it must be saved, not refused).
Most reviews are then submitted the way the "Submit the review" button does; some stay drafts,
and on some of those a second tab with the version it loaded earlier tries a save, which the
server must refuse (409). When every review is done, the judge goes back to the drafts and
corrects a score.

Everyone first logs in, at Locust's spawn rate; once the last one is in (or after
``LOAD_LOGIN_ALLOWANCE`` seconds), the judges score and the staff watch for ``LOAD_SECONDS``,
all at once. Each step is one request: when the window closes no new one starts, those on their
way finish, then Locust quits (a save still unanswered a minute later is recorded as in
flight: it may or may not have landed).

A staff member (``StaffUser``, ``fixed_count`` of them) logs in with the password and the
authenticator code (two-factor), then opens the round's judging progress and results pages.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

from load.plan import totp

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
OUT = os.environ.get("LOAD_OUT", "")
SEED = int(os.environ.get("LOAD_SEED", "2023"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))  # the scoring window, all together
LOGIN_ALLOWANCE = float(os.environ.get("LOAD_LOGIN_ALLOWANCE", "300"))
SUBMIT_SHARE = 0.6  # reviews submitted once scored; the rest stay drafts
SECOND_TAB_SHARE = 0.3  # of the drafts: a stale second tab tries a save (409 expected)
SAME_TAB_BEHIND_SHARE = 0.15  # autosaves carrying this tab's previous version (200 expected)
COMMENTS = ["Strong citizen involvement.", "예산 계획이 구체적입니다.",
            "Clear results; the pilot should scale.", "데이터 공개 범위를 더 설명해 주십시오."]

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
_SCORE = re.compile(r'<input[^>]*\bname="score-(\d+)"[^>]*>')
_MIN = re.compile(r'data-min="(-?\d+)')
_MAX = re.compile(r'data-max="(-?\d+)')

_judges = iter(PLAN["judges"])
_staff = iter(PLAN["staff"])
_numbers = itertools.count()

# What the check needs, kept per (assignment, criterion) as "assignment:criterion".
RECORD = {"saved": {}, "sent": defaultdict(list), "pending": {}, "submitted": [],
          "second_tab": Counter(), "judges_started": 0, "judges_saving": set(), "invalid_scores": 0}
PAGES: dict[str, dict] = defaultdict(lambda: {"times": [], "statuses": Counter()})

# The run's phases: everyone logs in (Locust starts them at --spawn-rate), and when the last
# one is in (or LOGIN_ALLOWANCE has passed) the judges score and the staff watch for SECONDS,
# all at once. Then no new request starts; those on their way finish, and Locust quits.
EVERYONE_IN = Event()
PHASE = {"test_start": None, "start": None, "deadline": None, "logged_in": 0,
         "logged_in_at_start": 0, "in_flight": 0, "window_requests": 0}


def _logged_in() -> None:
    PHASE["logged_in"] += 1
    if PHASE["logged_in"] >= len(PLAN["judges"]) + len(PLAN["staff"]):
        EVERYONE_IN.set()


def scoring_over() -> bool:
    """Wait for the scoring window to open; True once it has closed."""
    EVERYONE_IN.wait()
    return time.time() >= PHASE["deadline"]


def _conduct(environment) -> None:
    EVERYONE_IN.wait(timeout=LOGIN_ALLOWANCE)
    PHASE["start"] = time.time()
    PHASE["deadline"] = PHASE["start"] + SECONDS
    PHASE["logged_in_at_start"] = PHASE["logged_in"]
    EVERYONE_IN.set()  # whoever is still logging in joins late
    gevent.sleep(SECONDS)
    give_up = time.time() + 60
    while PHASE["in_flight"] and time.time() < give_up:
        gevent.sleep(0.2)
    environment.runner.quit()


@events.test_start.add_listener
def _start(environment, **kwargs):
    PHASE["test_start"] = time.time()
    gevent.spawn(_conduct, environment)


@events.request.add_listener
def _count(request_type, name, response_time, response_length, response=None, exception=None,
           **kwargs):
    status = getattr(response, "status_code", 0) or 0
    page = PAGES[name]
    page["times"].append(response_time)
    page["statuses"][str(status)] += 1
    if PHASE["start"] is not None and PHASE["start"] <= time.time() <= PHASE["deadline"] + 60:
        PHASE["window_requests"] += 1


@events.quitting.add_listener
def _write(environment, **kwargs):
    if not OUT:
        return
    data = {
        "pages": {name: {"times": p["times"], "statuses": dict(p["statuses"])}
                  for name, p in PAGES.items()},
        "saved": RECORD["saved"], "sent": RECORD["sent"], "pending": RECORD["pending"],
        "submitted": RECORD["submitted"], "second_tab": dict(RECORD["second_tab"]),
        "judges_started": RECORD["judges_started"],
        "judges_saving": len(RECORD["judges_saving"]), "invalid_scores": RECORD["invalid_scores"],
        "phase": {
            "login_seconds": round((PHASE["start"] or time.time()) - (PHASE["test_start"] or 0), 1),
            "logged_in_at_start": PHASE["logged_in_at_start"],
            "logged_in": PHASE["logged_in"], "window_requests": PHASE["window_requests"],
            "window_seconds": SECONDS, "unfinished": PHASE["in_flight"],
        },
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f)


class Browser(FastHttpUser):
    """A browser behind the site's reverse proxy: each simulated person has an address of their
    own in ``X-Forwarded-For``, as the proxy adds it (``AXES_PROXY_COUNT=1``), so per-address
    limits count people, not the machine running Locust."""

    abstract = True
    network_timeout = 120.0
    connection_timeout = 30.0

    def address(self) -> str:
        if not hasattr(self, "_address"):
            n = next(_numbers)
            self._address = f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"
        return self._address

    def form_post(self, path: str, fields: dict, *, name: str, headers: dict | None = None,
                  referer: str = ""):
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Referer": self.host + (referer or path),
                   "X-Forwarded-For": self.address(), **(headers or {})}
        PHASE["in_flight"] += 1
        try:
            return self.client.post(path, data=urlencode(fields), headers=headers, name=name,
                                    allow_redirects=False, catch_response=True)
        finally:
            PHASE["in_flight"] -= 1

    def get_page(self, path: str, *, name: str) -> str:
        PHASE["in_flight"] += 1
        try:
            return self._get_page(path, name=name)
        finally:
            PHASE["in_flight"] -= 1

    def _get_page(self, path: str, *, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True,
                             headers={"X-Forwarded-For": self.address()}) as response:
            if response.status_code != 200:
                response.failure(f"{name}: status {response.status_code}")
                return ""
            return response.text or ""

    in_window = False  # logged in: each step waits for the scoring window, none after it

    @task
    def step(self):
        if self.in_window and scoring_over():
            gevent.sleep(1)  # the window has closed: nothing new is sent
            return
        next(self.steps)

    def logged_in(self) -> None:
        _logged_in()
        self.in_window = True

    def log_in(self, email: str, *, second_step: bool = False):
        """One request per step (a generator): the form, then the password."""
        page = self.get_page("/accounts/login/", name="login page")
        yield
        token = _CSRF.search(page)
        if not token:
            raise StopUser()
        with self.form_post("/accounts/login/", {
                "csrfmiddlewaretoken": token.group(1), "login": email,
                "password": PLAN["password"]}, name="login") as response:
            if response.status_code != 302:
                response.failure(f"login of {email}: status {response.status_code}")
                raise StopUser()
        if not second_step:
            self.logged_in()
        yield


class JudgeUser(Browser):
    """One simulated judge, scoring their assignments as in the browser."""

    wait_time = between(1.0, 3.0)

    def on_start(self):
        try:
            self.person = next(_judges)
        except StopIteration:
            raise StopUser() from None
        RECORD["judges_started"] += 1
        self.rng = random.Random(f"{SEED}:{self.person['email']}")
        self.writer = str(uuid.UUID(int=self.rng.getrandbits(128)))
        self.steps = self.journey()

    def journey(self):
        yield from self.log_in(self.person["email"])
        round_id = PLAN["round"]
        done: set[int] = set()  # submitted
        typed: dict[int, dict[int, str]] = {}  # the form's values, per assignment
        while True:
            self.get_page("/judging/", name="dashboard")
            yield
            todo = [a for a in self.person["assignments"] if a["id"] not in done]
            if not todo:
                continue  # all submitted: the judge only looks at the dashboard
            for a in todo:
                url = f"/judging/rounds/{round_id}/entries/{a['entry']}/"
                page = self.get_page(url, name="scoring page")
                yield
                token, version = _CSRF.search(page), _VERSION.search(page)
                inputs = _SCORE.findall(page)
                if not (token and version and inputs):
                    continue
                scale = {}
                for tag in _SCORE.finditer(page):
                    low, high = _MIN.search(tag.group(0)), _MAX.search(tag.group(0))
                    scale[int(tag.group(1))] = (int(low.group(1)) if low else 1,
                                                int(high.group(1)) if high else 10)
                form = typed.setdefault(a["id"], {int(c): "" for c in inputs})
                state = {"token": token.group(1), "version": int(version.group(1)),
                         "loaded": int(version.group(1)), "before": None}
                # Type a score into every empty criterion, then correct one; on a later visit,
                # correct one. Scores typed within the autosave's pause (1.5 s) go in one save:
                # one to three per save.
                empty = [c for c, v in form.items() if v == ""]
                changes = empty + self.rng.sample(sorted(form), k=1)
                while changes:
                    take = self.rng.randint(1, 3)
                    burst, changes = changes[:take], changes[take:]
                    for criterion in burst:
                        low, high = scale.get(criterion, (1, 10))
                        form[criterion] = str(self.rng.randint(low, high))
                    comment = self.rng.choice(COMMENTS) if self.rng.random() < 0.2 else None
                    self.autosave(a, url, form, state, comment=comment)
                    yield
                if self.rng.random() < SUBMIT_SHARE:
                    self.submit(a, url, form, state)
                    done.add(a["id"])
                    yield
                elif self.rng.random() < SECOND_TAB_SHARE and state["version"] > state["loaded"]:
                    self.second_tab(a, url, form, state)
                    yield
                self.get_page("/judging/", name="dashboard")
                yield

    def _fields(self, form, state, *, writer=None, version=None, comment=None):
        fields = {"csrfmiddlewaretoken": state["token"],
                  "version": state["version"] if version is None else version,
                  "writer": writer or self.writer}
        fields.update({f"score-{c}": v for c, v in form.items()})
        if comment is not None:
            fields["private_comment"] = comment
        return fields

    def _htmx(self, url: str, token: str) -> dict:
        return {"HX-Request": "true", "HX-Current-URL": self.host + url,
                "HX-Target": "save-status", "HX-Trigger": "review-form", "X-CSRFToken": token}

    def autosave(self, a, url, form, state, *, comment=None):
        """One autosave. Now and then it carries the version from before the previous save,
        as a save queued or sent while the previous one was on its way (or from before a
        reload) does: the same tab wrote every version since, so it must be saved, not
        refused as a conflict (prize/writers.py, shared by the web workers through Redis)."""
        keys = {c: f"{a['id']}:{c}" for c in form}
        version = state["version"]
        if state["before"] is not None and self.rng.random() < SAME_TAB_BEHIND_SHARE:
            version = state["before"]
        for c, key in keys.items():
            RECORD["sent"][key].append(form[c])
            RECORD["pending"][key] = form[c]
        with self.form_post(f"{url}save/",
                            self._fields(form, state, comment=comment, version=version),
                            name="autosave", headers=self._htmx(url, state["token"]),
                            referer=url) as response:
            for key in keys.values():
                RECORD["pending"].pop(key, None)
            if response.status_code != 200:
                response.failure(f"autosave: status {response.status_code}")
                return
            try:
                saved = json.loads(response.headers.get("HX-Trigger", ""))["reviewSaved"]
            except (ValueError, KeyError, TypeError):
                response.failure("autosave: no reviewSaved in HX-Trigger")
                return
            state["before"], state["version"] = state["version"], int(saved["version"])
            RECORD["judges_saving"].add(self.person["email"])
            refused = {int(k) for k in saved.get("errors", {})}
            if refused:
                RECORD["invalid_scores"] += len(refused)
                response.failure(f"autosave: valid scores refused {sorted(refused)}")
            for c, key in keys.items():
                if c not in refused:
                    RECORD["saved"][key] = form[c]

    def submit(self, a, url, form, state):
        """The "Submit the review" button: the whole form (no htmx) to the page's address."""
        fields = {**self._fields(form, state), "action": "submit"}
        with self.form_post(url, fields, name="submit", referer=url) as response:
            if response.status_code != 302:
                response.failure(f"submit: status {response.status_code}")
                return
            for c in form:
                RECORD["saved"][f"{a['id']}:{c}"] = form[c]
            RECORD["submitted"].append(a["id"])

    def second_tab(self, a, url, form, state):
        """A tab opened before the last saves tries to save another value: refused (409)."""
        stale = dict(form)
        criterion = sorted(stale)[0]
        stale[criterion] = "1" if stale[criterion] != "1" else "2"
        other = str(uuid.UUID(int=self.rng.getrandbits(128)))
        key = f"{a['id']}:{criterion}"
        RECORD["sent"][key].append(stale[criterion])
        with self.form_post(f"{url}save/",
                            self._fields(stale, state, writer=other, version=state["loaded"]),
                            name="autosave, second tab (409 expected)",
                            headers=self._htmx(url, state["token"]), referer=url) as response:
            if response.status_code == 409:
                RECORD["second_tab"]["refused"] += 1
                response.success()
                return
            RECORD["second_tab"]["not_refused"] += 1
            response.failure(f"second tab: status {response.status_code}, expected 409")
            if response.status_code == 200:  # stored after all: the check must know
                for c in stale:
                    RECORD["saved"][f"{a['id']}:{c}"] = stale[c]


class StaffUser(Browser):
    """Secretariat staff following the round while the judges score."""

    fixed_count = len(PLAN["staff"])
    wait_time = between(2.0, 5.0)

    def on_start(self):
        try:
            self.person = next(_staff)
        except StopIteration:
            raise StopUser() from None
        self.steps = self.journey()

    def journey(self):
        yield from self.log_in(self.person["email"], second_step=True)
        page = self.get_page("/accounts/2fa/authenticate/", name="two-factor page")
        yield
        token = _CSRF.search(page)
        if not token:
            raise StopUser()
        with self.form_post("/accounts/2fa/authenticate/", {
                "csrfmiddlewaretoken": token.group(1),
                "code": totp(self.person["totp_secret"])}, name="two-factor") as response:
            if response.status_code != 302:
                response.failure(f"two-factor: status {response.status_code}")
                raise StopUser()
        self.logged_in()
        yield
        round_id = PLAN["round"]
        while True:
            self.get_page(f"/judging/staff/rounds/{round_id}/progress/", name="progress")
            yield
            self.get_page(f"/judging/staff/rounds/{round_id}/results/", name="results")
            yield
