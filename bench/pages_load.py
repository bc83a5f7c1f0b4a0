"""The load generator of ``bench.pages``: Locust, as a library, in a process of its own.

``python -m bench.pages_load PLAN OUT``: ``PLAN`` is a JSON file ``{"host": ..., "users": 4,
"seconds": 10, "warmup": 1, "pages": [{"name", "path", "headers", "status"}, ...]}``. For each
page in turn, ``users`` simulated browsers (Locust's ``FastHttpUser``, no wait between
requests) ask for it: first ``warmup`` seconds unrecorded, then ``seconds`` recorded. Every
answer finished inside the recorded window counts; a status other than the page's expected one
(or a failed connection) is an error. ``OUT`` receives, per page, the requests, the errors,
the response times (ms) and the statuses.

Kept apart from the Django process: Locust patches the standard library for gevent on import.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment


def measure(host: str, page: dict, *, users: int, seconds: float, warmup: float) -> dict:
    expected = int(page.get("status", 200))
    window = {"recording": False}
    times: list[float] = []
    statuses: Counter[str] = Counter()
    errors = 0

    class PageUser(FastHttpUser):
        wait_time = constant(0)
        network_timeout = 60.0
        connection_timeout = 30.0

        @task
        def get(self):
            with self.client.get(page["path"], headers=page.get("headers", {}), name=page["name"],
                                 allow_redirects=False, catch_response=True) as response:
                if response.status_code != expected:
                    response.failure(f"status {response.status_code}")

    PageUser.host = host

    def on_request(request_type, name, response_time, response_length, response=None,
                   exception=None, **kwargs):
        nonlocal errors
        if not window["recording"]:
            return
        status = getattr(response, "status_code", 0) or 0
        statuses[str(status)] += 1
        times.append(response_time)
        if exception is not None or status != expected:
            errors += 1

    env = Environment(user_classes=[PageUser])
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    window["recording"] = True
    started = time.monotonic()
    gevent.sleep(seconds)
    window["recording"] = False
    elapsed = time.monotonic() - started
    runner.quit()
    return {"requests": len(times), "errors": errors, "seconds": round(elapsed, 3),
            "times_ms": times, "statuses": dict(statuses)}


def main(argv: list[str]) -> int:
    plan = json.loads(open(argv[0], encoding="utf-8").read())  # noqa: SIM115
    results = {}
    for page in plan["pages"]:
        results[page["name"]] = measure(plan["host"], page, users=plan["users"],
                                        seconds=plan["seconds"], warmup=plan["warmup"])
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump(results, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
