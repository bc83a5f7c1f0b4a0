"""Print the two-factor code a demo staff account's authenticator shows now (DEBUG only)."""

from django.core.management.base import BaseCommand, CommandError

from prize.two_factor_demo import DemoError, current_code


class Command(BaseCommand):
    help = ("Print the current two-factor code of a demo staff account (secretariat, "
            "coordinator, admin), for logging in without a phone. DEBUG only.")

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            code = current_code(email)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(code)
