"""List, and with --delete remove, stored attachment files that no Attachment row (nor an
anonymised version of one) refers to (left by a deleted entry or a rolled-back upload). Files
younger than --min-age-hours are kept, so an upload in progress is never touched."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from entries.models import AnonymisedVersion, Attachment

ROOT = "attachments"


def stored_files(storage, folder: str = ROOT):
    """Every file name below ``folder`` in the storage (local disk or S3 alike)."""
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = "Find attachment files that no entry refers to; --delete removes them."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the orphaned files.")
        parser.add_argument("--min-age-hours", type=int, default=24,
                            help="Keep files younger than this (default 24).")

    def handle(self, *args, delete=False, min_age_hours=24, **options):
        storage = default_storage
        referenced = set(Attachment.objects.values_list("file", flat=True))
        referenced |= set(AnonymisedVersion.objects.values_list("file", flat=True))
        cutoff = timezone.now() - timedelta(hours=min_age_hours)
        orphans = [
            name for name in stored_files(storage)
            if name not in referenced and storage.get_modified_time(name) < cutoff
        ]
        for name in orphans:
            if delete:
                storage.delete(name)
            self.stdout.write(("deleted " if delete else "orphan ") + name)
        verb = "Deleted" if delete else "Found"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} orphaned file(s)."))
