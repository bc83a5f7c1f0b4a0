"""Judging tests reuse the entries' small season (an open edition, entrants, entries, one user
per persona)."""

from tests.entries.conftest import Season, season  # noqa: F401 (the fixture, by name)
