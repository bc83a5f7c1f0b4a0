"""Backups of the database and the uploads, and restoring them (``manage.py backup`` and
``manage.py restore``; ``make backup`` and ``make restore``; docs/operations.md).

A backup is one folder, ``<BACKUP_DIR>/prize-<UTC time>/``, holding:

``database.dump``     PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot)
``database.sqlite3``  SQLite: a consistent copy made with SQLite's own backup API
``media.tar.gz``      the uploads (``MEDIA_ROOT``), when they are kept on local disk
``manifest.json``     what it holds: the rows of every table, the files and their size, the
                      versions of the platform, Django and the database, the last migration of
                      each app, and a SHA-256 of each file above

The database is copied first and the uploads after it, so every file the database names is in
the backup (a file uploaded in between is there too, unused). Uploads kept in S3-compatible
storage are not copied: the bucket is backed up with the storage's own tools (versioning or a
copy to another bucket), as docs/operations.md says.

A restore goes into an empty database and an empty media folder, and refuses to replace
anything unless told to (``force``); it checks the files against the manifest first and the
restored rows and files against it after.

PostgreSQL needs the client tools ``pg_dump`` and ``pg_restore`` (Debian and Ubuntu:
``apt install postgresql-client``), of the server's major version or newer. SQLite needs
nothing but Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import django
import environ
from django.apps import apps
from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# The tables a summary names first: what the prize is about (every table is counted).
SUMMARY_TABLES = ("entries_entry", "entries_attachment", "judging_score")


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why and what to do."""


@dataclass
class Report:
    """What a backup or a restore did, for the command to print."""

    path: Path
    manifest: dict
    lines: list[str] = field(default_factory=list)


# --- The database, whichever engine -------------------------------------------------------------


def engine_of(settings_dict: dict) -> str:
    engine = settings_dict.get("ENGINE", "")
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine or 'no engine'}.")


def settings_from_url(url: str) -> dict:
    """A Django database settings dictionary from a ``DATABASE_URL``-style address."""
    return environ.Env.db_url_config(url)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found. PostgreSQL backups use the PostgreSQL client tools "
            f"(pg_dump and pg_restore) of the server's major version or newer: install them "
            f"(Debian and Ubuntu: apt install postgresql-client) and try again."
        )
    return found


def _pg_env(settings_dict: dict) -> dict:
    """The connection for pg_dump and pg_restore, in their environment variables (a password
    never appears on a command line, where other users of the machine could read it)."""
    env = {**os.environ}
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(command: list[str], settings_dict: dict) -> None:
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments are ours
        command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False
    )
    if done.returncode:
        detail = (done.stderr or done.stdout).strip()
        raise BackupError(f"{Path(command[0]).name} failed (exit code {done.returncode}): "
                          f"{detail}")


def _sqlite_path(settings_dict: dict) -> Path:
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("A restore into SQLite needs a database file, not an in-memory one.")
    return Path(name)


def connect(settings_dict: dict):
    """A plain DB-API connection to a database that is not (necessarily) Django's own."""
    if engine_of(settings_dict) == "sqlite":
        return sqlite3.connect(_sqlite_path(settings_dict))
    import psycopg

    return psycopg.connect(
        dbname=settings_dict.get("NAME") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        autocommit=True,
    )


def _tables(cursor, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                       "AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
    return sorted(row[0] for row in cursor.fetchall())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted names
        counts[table] = cursor.fetchone()[0]
    return counts


def _model_tables() -> list[str]:
    """The table of every model of the project (Django's, third parties' and ours)."""
    return sorted({model._meta.db_table for model in apps.get_models()
                   if model._meta.managed and not model._meta.proxy})


def _migrations(cursor) -> dict[str, str]:
    """The last migration applied in each app."""
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _server_version(cursor, engine: str) -> str:
    cursor.execute("SELECT sqlite_version()" if engine == "sqlite" else "SHOW server_version")
    return str(cursor.fetchone()[0])


# --- Files ---------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def _media_on_disk() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def _versions() -> dict[str, str]:
    try:
        ours = metadata.version("prize-platform")
    except metadata.PackageNotFoundError:
        ours = "unknown"
    return {"platform": ours, "django": django.get_version(),
            "python": platform.python_version()}


# --- Backup --------------------------------------------------------------------------------------


def backup(output: Path | str, *, using: str = "default", now: Callable[[], datetime] | None = None
           ) -> Report:
    """Back up the database ``using`` and the uploads into a new folder under ``output``."""
    connection = connections[using]
    engine = engine_of(connection.settings_dict)
    if engine == "postgresql":
        _tool("pg_dump")
    moment = (now or (lambda: datetime.now(UTC)))()
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    target = output / f"prize-{moment:%Y%m%d-%H%M%S}"
    suffix = 1
    while target.exists():
        suffix += 1
        target = output / f"prize-{moment:%Y%m%d-%H%M%S}-{suffix}"
    target.mkdir()
    try:
        manifest = _backup_into(target, connection, engine, moment)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    report = Report(target, manifest)
    report.lines = summary(manifest)
    return report


def _backup_into(target: Path, connection, engine: str, moment: datetime) -> dict:
    database_file = target / DATABASE_FILES[engine]
    if engine == "postgresql":
        counts, migrations, version = _dump_postgresql(connection.settings_dict, database_file)
    else:
        connection.ensure_connection()
        destination = sqlite3.connect(database_file)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        # Counted in the copy: what the backup holds, whatever the site did meanwhile.
        raw = connect({"ENGINE": "django.db.backends.sqlite3", "NAME": str(database_file)})
        try:
            counts, migrations, version = _facts(raw.cursor(), engine)
        finally:
            raw.close()
    manifest = {
        "format": FORMAT,
        "created_at": moment.isoformat(),
        "versions": _versions(),
        "database": {"engine": engine, "server_version": version,
                     "file": database_file.name, "sha256": _sha256(database_file)},
        "migrations": migrations,
        "tables": counts,
        "media": _backup_media(target),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _facts(cursor, engine: str) -> tuple[dict[str, int], dict[str, str], str]:
    """The rows of every table of the project, the last migrations and the server's version."""
    present = set(_tables(cursor, engine))
    if "django_migrations" not in present:
        raise BackupError("The database holds no tables: there is nothing to back up (run "
                          "`manage.py migrate` first, or point DATABASE_URL at the site's "
                          "database).")
    tables = [table for table in _model_tables() if table in present]
    return _counts(cursor, tables), _migrations(cursor), _server_version(cursor, engine)


def _dump_postgresql(settings_dict: dict, database_file: Path):
    """pg_dump and the counts of the manifest read the same snapshot: a repeatable-read
    transaction exports it, counts in it, and pg_dump runs in it (``--snapshot``)."""
    raw = connect(settings_dict)
    try:
        raw.autocommit = False
        cursor = raw.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = _facts(cursor, "postgresql")
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl",
              f"--snapshot={snapshot}", f"--file={database_file}"], settings_dict)
        raw.rollback()
    finally:
        raw.close()
    return facts


def _backup_media(target: Path) -> dict:
    if not _media_on_disk():
        return {
            "storage": settings.STORAGES["default"]["BACKEND"],
            "bucket": getattr(settings, "AWS_STORAGE_BUCKET_NAME", "") or "",
            "copied": False,
        }
    root = Path(settings.MEDIA_ROOT)
    files = _files_under(root)
    archive = target / MEDIA_ARCHIVE
    with tarfile.open(archive, "w:gz") as tar:
        for path in files:
            tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
    return {"storage": "local", "copied": True, "file": archive.name, "files": len(files),
            "bytes": sum(p.stat().st_size for p in files), "sha256": _sha256(archive)}


def summary(manifest: dict) -> list[str]:
    tables = manifest["tables"]
    lines = [f"database ({manifest['database']['engine']} "
             f"{manifest['database']['server_version']}): {len(tables)} tables, "
             f"{sum(tables.values())} rows"]
    lines += [f"  {table}: {tables[table]}" for table in SUMMARY_TABLES if table in tables]
    media = manifest["media"]
    if media.get("copied"):
        lines.append(f"media: {media['files']} files, {media['bytes']} bytes")
    else:
        lines.append(f"media: not copied; the uploads are in the bucket "
                     f"{media.get('bucket') or '(unnamed)'}: back it up with the storage's own "
                     f"tools (docs/operations.md)")
    return lines


# --- Restore -------------------------------------------------------------------------------------


def read_manifest(path: Path | str) -> tuple[Path, dict]:
    """The backup folder and its manifest, with every file checked against its SHA-256."""
    folder = Path(path)
    if folder.is_file() and folder.name == MANIFEST:
        folder = folder.parent
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is a backup of format {manifest.get('format')}; this "
                          f"version of the platform reads format {FORMAT}.")
    parts = [manifest["database"]]
    if manifest["media"].get("copied"):
        parts.append(manifest["media"])
    for part in parts:
        file = folder / part["file"]
        if not file.is_file():
            raise BackupError(f"The backup is incomplete: {file.name} is missing.")
        if _sha256(file) != part["sha256"]:
            raise BackupError(f"The backup is damaged: {file.name} does not match its "
                              f"checksum in the manifest.")
    return folder, manifest


def restore(path: Path | str, *, database: dict | None = None, media_root: Path | str | None = None,
            force: bool = False) -> Report:
    """Restore the backup at ``path`` into ``database`` (settings, default: the site's) and
    ``media_root`` (default: MEDIA_ROOT). Both must be empty unless ``force``."""
    folder, manifest = read_manifest(path)
    database = database or connections["default"].settings_dict
    engine = engine_of(database)
    if engine != manifest["database"]["engine"]:
        raise BackupError(f"This backup holds a {manifest['database']['engine']} database; "
                          f"the target is {engine}. Restore it into the same kind of database.")
    if engine == "postgresql":
        _tool("pg_restore")
    media = manifest["media"]
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)

    # Refuse before changing anything.
    existing = _existing_tables(database, engine)
    if existing and not force:
        raise BackupError(
            f"The database {database.get('NAME')} is not empty ({len(existing)} tables). A "
            f"restore goes into an empty database; to replace this one, run it again with "
            f"--force (make restore FORCE=1)."
        )
    if media.get("copied") and _files_under(media_root) and not force:
        raise BackupError(
            f"The media folder {media_root} is not empty. A restore goes into an empty folder; "
            f"to write over it, run it again with --force (make restore FORCE=1)."
        )

    lines = []
    unknown = _unknown_migrations(manifest["migrations"])
    if unknown:
        lines.append("warning: the backup was made by a newer version of the platform "
                     f"(migrations this code does not know: {', '.join(unknown)})")
    database_file = folder / manifest["database"]["file"]
    if engine == "postgresql":
        command = [_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error",
                   "--single-transaction", f"--dbname={database.get('NAME')}"]
        if existing:
            command += ["--clean", "--if-exists"]
        _run([*command, str(database_file)], database)
    else:
        target = _sqlite_path(database)
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(database_file)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    if media.get("copied"):
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / media["file"], "r:gz") as tar:
            tar.extractall(media_root, filter="data")
    else:
        lines.append(f"media: not in this backup; the uploads are in the bucket "
                     f"{media.get('bucket') or '(unnamed)'}: restore them with the storage's "
                     f"own tools (docs/operations.md)")

    problems = verify(folder, manifest, database=database, media_root=media_root)
    if problems:
        raise BackupError("The restored copy does not match the backup's manifest:\n  "
                          + "\n  ".join(problems))
    lines = summary(manifest) + lines
    lines.append("checked: every table's rows and every file match the manifest")
    if _pending_migrations(manifest["migrations"]):
        lines.append("this code is newer than the backup: run `manage.py migrate` next")
    return Report(folder, manifest, lines)


def _existing_tables(database: dict, engine: str) -> list[str]:
    if engine == "sqlite" and not _sqlite_path(database).exists():
        return []
    raw = connect(database)
    try:
        return _tables(raw.cursor(), engine)
    finally:
        raw.close()


def verify(folder: Path, manifest: dict, *, database: dict, media_root: Path
           ) -> list[str]:
    """What differs between a restored copy and the manifest of its backup (nothing: [])."""
    engine = engine_of(database)
    raw = connect(database)
    try:
        cursor = raw.cursor()
        present = set(_tables(cursor, engine))
        expected = manifest["tables"]
        problems = [f"table {t} is missing" for t in expected if t not in present]
        counts = _counts(cursor, [t for t in expected if t in present])
    finally:
        raw.close()
    problems += [f"{table}: {counts[table]} rows, the backup has {rows}"
                 for table, rows in expected.items() if table in counts and counts[table] != rows]
    return problems + _media_problems(manifest, media_root, folder)


def _media_problems(manifest: dict, media_root: Path, folder: Path) -> list[str]:
    """Every file of the backup's archive restored, with its size."""
    media = manifest["media"]
    if not media.get("copied"):
        return []
    problems = []
    with tarfile.open(folder / media["file"], "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            restored = media_root / member.name
            if not restored.is_file():
                problems.append(f"media: {member.name} is missing")
            elif restored.stat().st_size != member.size:
                problems.append(f"media: {member.name} has {restored.stat().st_size} bytes, "
                                f"the backup has {member.size}")
    return problems


def _known_migrations() -> dict[str, set[str]]:
    from django.db.migrations.loader import MigrationLoader

    known: dict[str, set[str]] = {}
    for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
        known.setdefault(app, set()).add(name)
    return known


def _unknown_migrations(latest: dict[str, str]) -> list[str]:
    known = _known_migrations()
    return [f"{app}.{name}" for app, name in latest.items()
            if app in known and name not in known[app]]


def _pending_migrations(latest: dict[str, str]) -> bool:
    known = _known_migrations()
    return any(max(names) > latest.get(app, "") for app, names in known.items() if names)
