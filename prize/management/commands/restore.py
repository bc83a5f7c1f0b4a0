"""``manage.py restore <backup>``: a backup into an empty database and media folder
(prize/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from prize.backups import BackupError, restore, settings_from_url


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into an empty database and an empty "
            "media folder, then check the restored rows and files against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup's folder (or its manifest.json)")
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of the site's own (DATABASE_URL)")
        parser.add_argument(
            "--media-root", help="restore the uploads here instead of MEDIA_ROOT")
        parser.add_argument(
            "--force", action="store_true",
            help="replace a database that is not empty and write over the files of a media "
                 "folder that is not empty")

    def handle(self, *args, backup, database_url, media_root, force, **options):
        database = settings_from_url(database_url) if database_url else None
        try:
            report = restore(backup, database=database, media_root=media_root, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Restored {report.path}"))
