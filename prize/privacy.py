"""Entrants' data rights: the download of everything the platform holds about a person, closing
an account, and the retention of unsuccessful entrants' personal data.

Every app knows its own part of a person's data, and the core imports none of them, so each app
*contributes* (``register``, from its ``AppConfig.ready``, the pattern of prize/checklist.py):

- ``export(user, archive)``: its sections of ``data.json`` and its files in the zip
  (``Archive``), only what the person may read on their own pages (nothing under embargo,
  nothing not released, nobody else's data, no staff notes), a bounded number of queries
  whatever the number of entries;
- ``anonymise(closing)``: its steps when the account closes (``Closing``), in the caller's
  transaction; contributors run from the last registered to the first, so the core, which
  replaces the person's name and e-mail address, runs after the apps that still look for them;
- ``keeps(user_ids)``: the people whose record the prize must keep, and why (a published winner
  keeps the name that was published; a finalist is part of the shortlist);
- ``refusals(user)``: why the account cannot be closed now (a member of the staff);
- ``candidates(edition_ids)``: for retention, the people the app holds only because of entries
  in these (long closed) editions.

The core contributes the profile, e-mail addresses, roles, the e-mails sent to the person and
their copies of the organisers' group messages (all in prize/privacy_core.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .enums import EditionStatus, Role
from .formats import moment
from .models import Edition, RoleAssignment, User
from .privacy_models import Anonymised

CHUNK = 64 * 1024
CLOSED_DOMAIN = "closed.invalid"  # a reserved name: no e-mail can ever reach it
REMOVED = "(removed)"  # what stands where a person's name or contact was


def closed_email(user_id: int) -> str:
    return f"account-{user_id}@{CLOSED_DOMAIN}"


def is_closed_email(email: str) -> bool:
    return (email or "").lower().endswith("@" + CLOSED_DOMAIN)


# --- The zip ---------------------------------------------------------------------------------


class Archive:
    """The personal-data zip as it is written: each file streams into a temporary file on disk
    (memory stays bounded whatever the size of the attachments); ``data.json`` and
    ``README.txt`` are added last, from what the contributors put and described."""

    def __init__(self, user: User):
        self.user = user
        # closed by the response that sends it (or by ``build_archive`` on failure)
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix="personal-data-")  # noqa: SIM115
        self.zip = zipfile.ZipFile(self.file, "w", compression=zipfile.ZIP_DEFLATED)
        self.data: dict[str, Any] = {}
        self.readme: list[tuple[str, str]] = []
        self.files = 0
        self._names: set[str] = set()

    def put(self, section: str, value: Any, description: str = "") -> None:
        """A section of data.json (``description`` says what it holds, in the README)."""
        self.data[section] = value
        if description:
            self.readme.append((f"data.json: {section}", description))

    def name(self, path: str) -> str:
        """A safe, unique path inside the zip ("entries/SCP-1/plan.pdf")."""
        parts = [get_valid_filename(p) or "file" for p in path.split("/")
                 if p not in ("", ".", "..")]
        candidate = "/".join(parts) or "file"
        stem, dot, suffix = candidate.rpartition(".")
        if not dot or "/" in suffix:
            stem, dot, suffix = candidate, "", ""
        n = 1
        while candidate in self._names:
            n += 1
            candidate = f"{stem}-{n}{dot}{suffix}"
        self._names.add(candidate)
        return candidate

    def add_bytes(self, path: str, content: bytes, description: str = "") -> str:
        name = self.name(path)
        self.zip.writestr(name, content)
        self._added(name, description)
        return name

    def add_file(self, path: str, opened: IO[bytes], description: str = "") -> str:
        """Copy an open file (a stored upload) into the zip in chunks."""
        name = self.name(path)
        with self.zip.open(name, "w", force_zip64=True) as out:
            shutil.copyfileobj(opened, out, CHUNK)
        self._added(name, description)
        return name

    def describe(self, path: str, description: str) -> None:
        self.readme.append((path, description))

    def _added(self, name: str, description: str) -> None:
        self.files += 1
        if description:
            self.readme.append((name, description))

    def close(self) -> IO[bytes]:
        """Write data.json and README.txt, finish the zip; the file, read from its start."""
        self.zip.writestr("data.json", json.dumps(self.data, cls=DjangoJSONEncoder, indent=2,
                                                  ensure_ascii=False, default=str))
        self.zip.writestr("README.txt", self._readme())
        self.zip.close()
        self.file.seek(0)
        return self.file

    def _readme(self) -> str:
        lines = [
            _("Your data on %(site)s") % {"site": settings.SITE_NAME},
            _("Made on %(at)s (UTC) for the account %(email)s.") % {
                "at": moment(timezone.now()), "email": self.user.email},
            "",
            _("This archive holds everything the platform keeps about you that you may read: "
              "what you see on your own pages, in one place. Results, feedback and screening "
              "decisions appear only once they were released to you."),
            "",
            _("What each file is:"),
            "",
            "README.txt: " + _("this file."),
            "data.json: " + _("all the data below, for a machine (UTF-8 JSON)."),
        ]
        lines += [f"{path}: {text}" for path, text in self.readme]
        return "\n".join(lines) + "\n"


# --- Closing an account ------------------------------------------------------------------------


@dataclass(frozen=True)
class Keep:
    """Why the prize keeps a record of someone: ``public_name`` when their name was published
    (a winner's page): the entrant's name then stays as published."""

    reason: str
    public_name: bool = False


@dataclass
class Closing:
    """One account being closed (by its owner) or anonymised (by retention, ``by`` None)."""

    user: User
    original_email: str
    by: User | None
    reason: str  # "closed" or "retention"
    keeps: list[Keep] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def public_name(self) -> bool:
        return any(keep.public_name for keep in self.keeps)


# --- The registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contributor:
    key: str
    export: Callable[[User, Archive], None] | None = None
    anonymise: Callable[[Closing], None] | None = None
    keeps: Callable[[set[int]], dict[int, list[Keep]]] | None = None
    refusals: Callable[[User], list[str]] | None = None
    candidates: Callable[[set[int]], set[int]] | None = None
    order: int = 0


_CONTRIBUTORS: dict[str, Contributor] = {}


def register(key: str, *, order: int = 0, **parts) -> Contributor:
    """Add (or, under the same key, replace) an app's part."""
    contributor = Contributor(key=key, order=order, **parts)
    _CONTRIBUTORS[key] = contributor
    return contributor


def contributors() -> list[Contributor]:
    return sorted(_CONTRIBUTORS.values(), key=lambda c: (c.order, c.key))


def build_archive(user: User) -> tuple[IO[bytes], Archive]:
    """The zip of everything held about ``user`` (an open temporary file, read from its
    start), audited with the number of files and its size, never its content."""
    from .services import audit

    archive = Archive(user)
    try:
        for contributor in contributors():
            if contributor.export is not None:
                contributor.export(user, archive)
        file = archive.close()
    except BaseException:
        archive.file.close()
        raise
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    audit(user, "privacy.download", user, after={"files": archive.files, "size": size})
    return file, archive


def keeps_of(user_ids: Iterable[int]) -> dict[int, list[Keep]]:
    ids = set(user_ids)
    out: dict[int, list[Keep]] = {}
    if not ids:
        return out
    for contributor in contributors():
        if contributor.keeps is not None:
            for user_id, reasons in contributor.keeps(ids).items():
                out.setdefault(user_id, []).extend(reasons)
    return out


def refusals_of(user: User) -> list[str]:
    return [reason for c in contributors() if c.refusals is not None for reason in c.refusals(user)]


class ClosingRefused(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def _anonymise(user: User, *, by: User | None, reason: str, keeps: list[Keep]) -> Closing:
    closing = Closing(user=user, original_email=user.email, by=by, reason=reason, keeps=keeps)
    for contributor in reversed(contributors()):
        if contributor.anonymise is not None:
            contributor.anonymise(closing)
    Anonymised.objects.create(user=user, reason=reason,
                              kept=bool(keeps), counts=dict(closing.counts))
    return closing


def account_close(*, user: User) -> Closing:
    """Close one's own account: the personal data goes, the prize's record stays (see
    docs/privacy.md). Refused for the staff (``refusals_of``). Audited after the data is
    gone, so the event names nobody: counts only."""
    from .services import audit

    reasons = refusals_of(user)
    if reasons:
        raise ClosingRefused(reasons)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if Anonymised.objects.filter(user=user).exists():
            raise ClosingRefused([_("This account is already closed.")])
        closing = _anonymise(user, by=user, reason=Anonymised.Reason.CLOSED,
                             keeps=keeps_of([user.pk]).get(user.pk, []))
        audit(user, "privacy.close", user, after={"kept_record": bool(closing.keeps),
                                                   **dict(closing.counts)})
    return closing


# --- Retention ---------------------------------------------------------------------------------


def retention_days() -> int | None:
    days = getattr(settings, "PRIVACY_RETENTION_DAYS", None)
    return days if days and days > 0 else None


CLOSED_STATUSES = (EditionStatus.ANNOUNCED, EditionStatus.ARCHIVED)


def closed_editions(before: datetime) -> list[Edition]:
    """Editions over (winners announced or archived) whose last date (the ceremony, or the
    close of the call when it has none) is before ``before``."""
    editions = Edition.objects.filter(status__in=CLOSED_STATUSES)
    return [e for e in editions if max(filter(None, [e.call_closes_at, e.ceremony_at])) < before]


@dataclass
class RetentionPlan:
    editions: list[Edition]
    users: list[User]
    kept: int  # candidates whose record is kept (winners, finalists)
    in_use: int  # candidates still taking part or signed in within the period
    done: int = 0  # anonymised by ``apply_retention``


def retention_plan(*, now: datetime | None = None, days: int | None = None) -> RetentionPlan:
    """Who retention would anonymise now: people held only for entries in editions closed
    more than ``days`` ago, with no award and no place in a final (asked through the
    registry), no role, not staff, not signed in within the period and not anonymised yet."""
    now = now or timezone.now()
    days = days if days is not None else retention_days()
    if not days:
        return RetentionPlan([], [], 0, 0)
    cutoff = now - timedelta(days=days)
    editions = closed_editions(cutoff)
    ids = {e.pk for e in editions}
    candidates: set[int] = set()
    for contributor in contributors():
        if contributor.candidates is not None and ids:
            candidates |= contributor.candidates(ids)
    if not candidates:
        return RetentionPlan(editions, [], 0, 0)
    users = list(
        User.objects.filter(pk__in=candidates, is_staff=False, is_superuser=False,
                            anonymisation__isnull=True)
        .exclude(pk__in=RoleAssignment.objects.exclude(role=Role.ENTRANT).values("user_id"))
        .exclude(last_login__gte=cutoff)
        .order_by("pk"))
    in_use = len(candidates) - len(users)
    kept = keeps_of(u.pk for u in users)
    chosen = [u for u in users if u.pk not in kept]
    return RetentionPlan(editions, chosen, len(users) - len(chosen), in_use)


def apply_retention(*, now: datetime | None = None, days: int | None = None) -> RetentionPlan:
    """Anonymise what ``retention_plan`` lists, each person in a transaction of their own; one
    audit event with the counts. Running it again finds nobody: idempotent."""
    from .services import audit

    plan = retention_plan(now=now, days=days)
    done = 0
    for user in plan.users:
        with transaction.atomic():
            locked = User.objects.select_for_update().filter(pk=user.pk).first()
            if locked is None or Anonymised.objects.filter(user=locked).exists():
                continue
            _anonymise(locked, by=None, reason=Anonymised.Reason.RETENTION, keeps=[])
            done += 1
    if done:
        audit(None, "privacy.retention", None, after={
            "accounts_anonymised": done, "accounts_kept": plan.kept,
            "editions": len(plan.editions)})
    plan.done = done
    return plan
