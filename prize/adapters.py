"""django-allauth, our way: its e-mails go through the notification outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.models import Site

from .outbox import notify

# Context values that are safe to store and that the e-mail templates use.
_PLAIN = (str, int, float, bool, type(None))


def serialise_context(context: dict) -> dict:
    data = {}
    for name, value in context.items():
        if name in {"request", "user"}:
            continue
        if isinstance(value, _PLAIN):
            data[name] = value
        elif isinstance(value, Site):
            data[name] = value.name
    user = context.get("user")
    if user is not None and getattr(user, "pk", None):
        data["user_name"] = user.get_short_name()
    return data


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # "account/email/email_confirmation_signup" is our "account/email_confirmation_signup"
        name = template_prefix.rsplit("/", 1)[-1]
        user = context.get("user")
        recipient = user if getattr(user, "pk", None) and user.email == email else email
        data = {"email": email, "current_site": self._site_name(), **serialise_context(context)}
        notify(recipient, f"account/{name}", data)

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
