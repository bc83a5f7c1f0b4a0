"""django-allauth, our way: its e-mails go through the notification outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.models import Site

from .outbox import notify

# Context values that are safe to store and that the e-mail templates use.
_PLAIN = (str, int, float, bool, type(None))

# The only values of allauth's e-mail context that the outbox keeps in plain sight. Everything
# else it passes (a reset or confirmation URL, its key, a login or reset code, a user id, and
# whatever a later allauth adds) is sealed: readable by the recipient alone. A deny-by-default
# list, so a new secret in a new allauth release is hidden without anyone noticing it.
PLAIN_NAMES = frozenset({
    "email", "current_site", "user_name", "signup_url", "from_email", "to_email", "new",
    "deleted_email", "address",
})


def serialise_context(context: dict) -> tuple[dict, dict]:
    """(plain, sealed): the values staff may read, and the ones only the recipient may."""
    plain, sealed = {}, {}
    for name, value in context.items():
        if name in {"request", "user"}:
            continue
        if isinstance(value, Site):
            value = value.name
        if not isinstance(value, _PLAIN):
            continue
        if name in PLAIN_NAMES:
            plain[name] = value
        elif value is not None:
            sealed[name] = str(value)
    user = context.get("user")
    if user is not None and getattr(user, "pk", None):
        plain["user_name"] = user.get_short_name()
    return plain, sealed


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # a new account speaks the language the person signed up in (prize/locale.py)
        from .locale import supported

        language = supported(getattr(request, "LANGUAGE_CODE", None))
        if language:
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        # "account/email/email_confirmation_signup" is our "account/email_confirmation_signup"
        name = template_prefix.rsplit("/", 1)[-1]
        user = context.get("user")
        recipient = user if getattr(user, "pk", None) and user.email == email else email
        plain, sealed = serialise_context(context)
        data = {"email": email, "current_site": self._site_name(), **plain}
        notify(recipient, f"account/{name}", data, secrets=sealed)

    def _site_name(self) -> str:
        from django.conf import settings

        return settings.SITE_NAME


def axes_username(request, credentials=None) -> str | None:
    """The address a login attempt was for, the same whether django-axes reads it from
    allauth's credentials (``email``) or from the posted form (``login``)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("email")
    return value.strip().lower() if value else None
