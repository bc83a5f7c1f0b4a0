"""``manage.py backup``: the database and the uploads into a new folder (prize/backups.py)."""

import os

from django.core.management.base import BaseCommand, CommandError

from prize.backups import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (PostgreSQL: pg_dump, custom format; SQLite: a consistent "
            "copy) and the uploads (a tar.gz of MEDIA_ROOT) into a new timestamped folder, with "
            "a manifest of what it holds.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=os.environ.get("BACKUP_DIR") or "backups",
            help="the folder that receives the backup's folder (default: BACKUP_DIR or "
                 "./backups)")

    def handle(self, *args, output, **options):
        try:
            report = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {report.path}"))
