"""What the kept public pages (prize/public_pages.py) need to know of the ceremony app.

* The ``ceremony`` topic: every save or delete of one of its models (awards, decisions,
  citations, the publication, the programme...) makes the pages made of it stale.
* The publications' state, read from the database on every lookup of a kept page: a
  publication undone, redone or moved is followed at once, whatever the cache holds and even
  when the change raised no version (a bulk update, the cache unreachable at that moment).
"""

from __future__ import annotations

from django.db import connection

from prize import public_pages

from .models import Publication


def publications() -> list[tuple]:
    """Every edition's publication moment and last change (one small query)."""
    table = connection.ops.quote_name(Publication._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT edition_id, published_at, updated_at FROM {table} "  # noqa: S608
                       "ORDER BY edition_id")
        return cursor.fetchall()


def connect() -> None:
    """From ``CeremonyConfig.ready``."""
    from django.apps import apps

    public_pages.watch("ceremony", apps.get_app_config("ceremony").get_models())
    public_pages.guard(publications)
