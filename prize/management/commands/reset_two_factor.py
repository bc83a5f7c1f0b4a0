"""Reset someone's two-factor verification from the command line: for the last superuser, who has
nobody above them to reset it from the team page. Audited (actor "system") and e-mailed."""

from django.core.management.base import BaseCommand, CommandError

from prize.models import User
from prize.two_factor import TwoFactorError, reset


class Command(BaseCommand):
    help = ("Remove every authenticator (app and recovery codes) of the account with this "
            "e-mail address; they set two-factor verification up again the next time they log in.")

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        try:
            removed = reset(person=person, by=None)
        except TwoFactorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Two-factor verification of {person.email} reset (removed: {', '.join(removed)}). "
            "They have been told by e-mail."))
