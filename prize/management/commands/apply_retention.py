"""Anonymise the unsuccessful entrants of editions closed longer ago than the retention period
(``PRIVACY_RETENTION_DAYS``, or ``--days``); ``--dry-run`` lists who and changes nothing.

    python manage.py apply_retention --dry-run
    python manage.py apply_retention --days 730
"""

from django.core.management.base import BaseCommand, CommandError

from prize import privacy


class Command(BaseCommand):
    help = "Anonymise unsuccessful entrants of long-closed editions (see docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would be done; change nothing.")
        parser.add_argument("--days", type=int, default=None,
                            help="The retention period in days (default: "
                                 "PRIVACY_RETENTION_DAYS).")

    def handle(self, *args, dry_run=False, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        days = days or privacy.retention_days()
        if not days:
            self.stdout.write("No retention period is set (PRIVACY_RETENTION_DAYS): nothing to do.")
            return
        plan = (privacy.retention_plan if dry_run else privacy.apply_retention)(days=days)
        editions = ", ".join(e.name for e in plan.editions) or "none"
        self.stdout.write(f"Editions closed more than {days} days ago: {editions}.")
        for user in plan.users:
            self.stdout.write(f"  account {user.pk} (last sign-in: "
                              f"{user.last_login:%Y-%m-%d})" if user.last_login else
                              f"  account {user.pk} (never signed in)")
        verb = "Would anonymise" if dry_run else "Anonymised"
        count = len(plan.users) if dry_run else plan.done
        self.stdout.write(f"{verb} {count} account(s); kept {plan.kept} (winners or "
                          f"finalists); {plan.in_use} still in use.")
