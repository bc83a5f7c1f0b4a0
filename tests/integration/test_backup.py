"""A backup restores to the same season: entries, their files (byte for byte) and the judges'
scores, on the database the suite runs on (PostgreSQL in CI, with pg_dump and pg_restore; SQLite
otherwise, with nothing installed). A restore refuses to replace a database or media folder that
is not empty unless told, and refuses a damaged backup.

These tests need no Celery worker, so they run (unlike the rest of this folder) on SQLite too.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from entries.attachments import attachment_add
from entries.samples import sample_pdf
from judging.enums import ReviewStatus
from judging.models import Review, Score
from prize import backups
from tests.conftest import need
from tests.factories import (
    AssignmentFactory,
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormUseFactory,
    RoundFactory,
    UserFactory,
)

from .conftest import database_url

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(autouse=True)
def _through_the_real_broker():
    """No Celery worker here (the folder's conftest starts one for every other test)."""
    yield


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def season(media):
    """Two entries with three files between them, and a judge's scores of both."""
    edition = EditionFactory()
    category = CategoryFactory(edition=edition)
    use = EntryFormUseFactory(category=category)
    member = EntrantMemberFactory(entrant=EntrantFactory(name="City of Seoul"))
    entries = [
        EntryFactory(edition=edition, category=category, entrant=member.entrant, form=use.form,
                     submitted=True, answers={"title": "Seoul Talk 서울톡", "summary": "Chat"}),
        EntryFactory(edition=edition, category=category, entrant=member.entrant, form=use.form,
                     answers={"title": "Draft with \"quotes\" and ünïcode", "summary": ""}),
    ]
    files = [(entries[0], "Plan 계획.pdf", sample_pdf("Plan")),
             (entries[0], "Map.png", PNG),
             (entries[1], "Budget.pdf", sample_pdf("Budget", "Line\n" * 40))]
    for entry, name, content in files:
        attachment_add(entry=entry, uploaded_file=SimpleUploadedFile(name, content),
                       by=member.user)
    round_ = RoundFactory(edition=edition)
    criteria = [CriterionFactory(round=round_, category=category) for _ in range(3)]
    judge = UserFactory(email="judge@example.org")
    for entry, values in zip(entries, (["7.50", "9", "3.25"], ["10", "1", "5.5"]), strict=True):
        review = Review.objects.create(
            assignment=AssignmentFactory(round=round_, entry=entry, judge=judge),
            status=ReviewStatus.SUBMITTED, feedback="Clear and well argued.")
        for criterion, value in zip(criteria, values, strict=True):
            Score.objects.create(review=review, criterion=criterion, value=Decimal(value))
    return entries


# --- Reading a database the same way, the original and the restored copy ------------------------

QUERIES = {
    "entries": "SELECT id, reference, status, title, CAST(answers AS TEXT) FROM entries_entry "
               "ORDER BY id",
    "attachments": "SELECT id, entry_id, file, original_name, size, sha256 "
                   "FROM entries_attachment ORDER BY id",
    "scores": "SELECT review_id, criterion_id, CAST(value AS TEXT) FROM judging_score "
              "ORDER BY review_id, criterion_id",
}


def snapshot(cursor) -> dict[str, list[tuple]]:
    found = {}
    for key, sql in QUERIES.items():
        cursor.execute(sql)
        found[key] = [tuple(row) for row in cursor.fetchall()]
    # Decimal text differs between engines ("7.5" on SQLite, "7.50" on PostgreSQL): compare values
    found["scores"] = [(r, c, Decimal(v)) for r, c, v in found["scores"]]
    return found


def restored_snapshot(database: dict) -> dict[str, list[tuple]]:
    raw = backups.connect(database)
    try:
        return snapshot(raw.cursor())
    finally:
        raw.close()


def file_bytes(root: Path, rows) -> dict[str, str]:
    """SHA-256 of each attachment's stored file, read from ``root``."""
    return {name: hashlib.sha256((root / name).read_bytes()).hexdigest()
            for _id, _entry, name, *_ in rows}


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the suite's kind: its settings, dropped afterwards."""
    settings_dict = connection.settings_dict
    if backups.engine_of(settings_dict) == "sqlite":
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        return
    need(shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None,
         "PostgreSQL backups need pg_dump and pg_restore (postgresql-client)")
    name = f"{settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield backups.settings_from_url(database_url({**settings_dict, "NAME": name}))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_into(folder: Path, database: dict, media_root: Path, *, force: bool = False):
    url = (f"sqlite:///{database['NAME']}" if backups.engine_of(database) == "sqlite"
           else database_url(database))
    call_command("restore", str(folder), database_url=url, media_root=str(media_root),
                 force=force)


def make_backup(tmp_path) -> Path:
    call_command("backup", output=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


# --- The round trip ------------------------------------------------------------------------------


def test_a_restored_copy_holds_the_same_entries_files_and_scores(season, media, tmp_path,
                                                                 fresh_database):
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    assert len(before["entries"]) == 2
    assert len(before["attachments"]) == 3
    assert len(before["scores"]) == 6

    folder = make_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["entries_entry"] == 2
    assert manifest["tables"]["entries_attachment"] == 3
    assert manifest["tables"]["judging_score"] == 6
    assert manifest["media"]["files"] == 3
    assert manifest["database"]["engine"] == backups.engine_of(connection.settings_dict)
    assert manifest["migrations"]["entries"].startswith("0")

    restored_media = tmp_path / "restored-media"
    restore_into(folder, fresh_database, restored_media)

    after = restored_snapshot(fresh_database)
    assert after == before
    assert file_bytes(restored_media, after["attachments"]) == file_bytes(
        media, before["attachments"])
    assert {sha for *_, sha in after["attachments"]} == set(
        file_bytes(restored_media, after["attachments"]).values())


def test_the_backup_is_what_was_there_when_it_was_taken(season, media, tmp_path, fresh_database):
    folder = make_backup(tmp_path)
    kept = [entry.pk for entry in season]
    season[1].delete()  # after the backup: the restored copy still has it

    restore_into(folder, fresh_database, tmp_path / "restored-media")

    assert [row[0] for row in restored_snapshot(fresh_database)["entries"]] == kept


# --- Refusals -----------------------------------------------------------------------------------


def test_a_restore_refuses_a_database_that_is_not_empty_unless_forced(season, media, tmp_path,
                                                                     fresh_database):
    folder = make_backup(tmp_path)
    restored_media = tmp_path / "restored-media"
    restore_into(folder, fresh_database, restored_media)

    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables\).*--force"):
        restore_into(folder, fresh_database, tmp_path / "other-media")
    assert not (tmp_path / "other-media").exists()  # refused before touching anything

    restore_into(folder, fresh_database, restored_media, force=True)
    assert len(restored_snapshot(fresh_database)["attachments"]) == 3


def test_a_restore_refuses_a_media_folder_that_is_not_empty(season, media, tmp_path,
                                                            fresh_database):
    folder = make_backup(tmp_path)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("someone's file")

    with pytest.raises(CommandError, match="media folder .* is not empty"):
        restore_into(folder, fresh_database, occupied)

    assert (occupied / "keep.txt").read_text() == "someone's file"
    assert backups.engine_of(fresh_database) != "sqlite" or not Path(
        fresh_database["NAME"]).exists()


def test_a_damaged_backup_is_refused(season, media, tmp_path, fresh_database):
    folder = make_backup(tmp_path)
    archive = folder / "media.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10])

    with pytest.raises(CommandError, match="media.tar.gz does not match its checksum"):
        restore_into(folder, fresh_database, tmp_path / "restored-media")


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path, fresh_database):
    with pytest.raises(CommandError, match="is not a backup: it has no manifest.json"):
        restore_into(tmp_path, fresh_database, tmp_path / "restored-media")
