"""Several callers at the same instant, each on its own thread and database connection: what a
double click, two tabs or two operators do to a row. PostgreSQL only (SQLite serialises every
write, so a race there proves nothing)."""

import threading

from django.db import connection, connections

from tests.conftest import need


def need_postgresql() -> None:
    need(connection.vendor == "postgresql",
         "row locks need PostgreSQL (DATABASE_URL); SQLite serialises every write")


def at_once(*calls, timeout: float = 60) -> list:
    """Run each call on its own thread, all released together by a barrier; return what each
    returned or the exception it raised, in the order of ``calls``."""
    need_postgresql()
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 (the outcome under test)
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
