"""Load the demo season: ``python manage.py demo`` (idempotent), ``--reset`` to start over."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from prize.demo import DEMO_PASSWORD, load_demo, reset_demo
from prize.two_factor_demo import equip


class Command(BaseCommand):
    help = "Load the Seoul Smart City Prize 2023 demo season and one account per role."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo data first.")
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")
        parser.add_argument(
            "--judging-open", action="store_true",
            help="Stop before the winners: the final round stays open so judges can score "
            "(use with --reset on a season that is already finished).")

    def handle(self, *args, reset=False, quiet=False, judging_open=False, **options):
        with transaction.atomic():
            if reset:
                reset_demo()
            result = load_demo(judging_open=judging_open)
            two_factor = equip([user for _label, user in result.accounts])
        if quiet:
            return
        edition = result.edition
        self.stdout.write(self.style.SUCCESS(f"Demo season ready: {edition.name}"))
        self.stdout.write(f"  {len(result.categories)} categories, "
                          f"{len(result.organisations)} organisations, "
                          f"{len(result.milestones)} timeline dates")
        for line in result.lines:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: " + DEMO_PASSWORD + "):")
        for label, user in result.accounts:
            self.stdout.write(f"  {label:<26} {user.email}")
        if two_factor:
            self.stdout.write(
                "Staff log in with a second step (two-factor): add the key "
                f"{settings.DEMO_TOTP_SECRET} to an authenticator app, or print the code with "
                "python manage.py demo_code <email>.")
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in from the header (to try security "
                          "keys, open http://localhost:8000/: browsers take keys on a name, not an "
                          "address).")
