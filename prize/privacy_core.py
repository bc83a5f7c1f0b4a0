"""The core's part of a person's data (see prize/privacy.py): the profile, e-mail addresses,
roles and the e-mails sent to them; on closing, the name, addresses, password, roles, sessions
and two-factor devices go, and sent e-mails keep only their subject. The staff cannot close
their account here. Also the "Your data" panel of the profile page."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import panels
from .enums import NotificationStatus, Role
from .models import Notification, RoleAssignment, User
from .privacy import Archive, Closing, closed_email, register

# --- The core's own part -------------------------------------------------------------------------


def _export_messages(user: User, archive: Archive) -> None:
    """The organisers' group messages as this person received them (their own copy)."""
    from .message_models import MessageRecipient

    copies = (MessageRecipient.objects.filter(user=user)
              .select_related("message__edition", "notification")
              .order_by("created_at", "pk"))
    archive.put("messages", [
        {"edition": copy.message.edition.name, "subject": copy.subject, "text": copy.body,
         "sent": copy.created_at,
         "delivery": copy.notification.status if copy.notification_id else None}
        for copy in copies
    ], _("the messages the organisers sent you through the platform, as you received them."))


def _export_core(user: User, archive: Archive) -> None:
    from allauth.account.models import EmailAddress

    from . import outbox

    archive.put("profile", {
        "name": user.name, "email": user.email, "time_zone": user.time_zone,
        "language": user.language, "joined": user.date_joined, "last_login": user.last_login,
    }, _("your account: name, e-mail address, time zone, language, when you joined and last "
         "signed in."))
    archive.put("email_addresses", list(
        EmailAddress.objects.filter(user=user).order_by("pk")
        .values("email", "verified", "primary")), _("the e-mail addresses of your account."))
    archive.put("roles", [
        {"edition": r.edition.name, "role": r.get_role_display(), "since": r.created_at}
        for r in RoleAssignment.objects.filter(user=user).select_related("edition")
    ], _("your roles in each edition (entrant, judge...)."))
    emails = []
    rows = (Notification.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email),
                                        status=NotificationStatus.SENT)
            .select_related("recipient").order_by("created_at", "pk"))
    for row in rows.iterator(chunk_size=500):
        try:
            text = outbox.render(row).text  # personal links show as a placeholder
        except Exception:  # a template of an old message may be gone: the subject remains
            text = ""
        emails.append({"subject": row.subject, "to": row.to_email, "sent": row.sent_at,
                       "text": text})
    archive.put("emails", emails, _("the e-mails the platform sent you: subject, address, when, "
                                    "and their text (personal links are not kept)."))
    _export_messages(user, archive)


def _anonymise_core(closing: Closing) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.sessions.models import Session

    user = closing.user
    placeholder = closed_email(user.pk)
    emails = Notification.objects.filter(Q(recipient=user)
                                         | Q(to_email__iexact=closing.original_email))
    # not sent yet: never sent; sent: kept as the record that it left, without the person
    closing.counts["emails_cancelled"] += emails.exclude(
        status=NotificationStatus.SENT).delete()[0]
    closing.counts["emails_anonymised"] += emails.update(to_email=placeholder, context={},
                                                         sealed="")
    # their copies of group messages hold their name: the text goes, the delivery record stays
    from .message_models import MessageRecipient

    closing.counts["messages_anonymised"] += MessageRecipient.objects.filter(user=user).update(
        subject="", body="")
    closing.counts["email_addresses"] += EmailAddress.objects.filter(user=user).delete()[0]
    closing.counts["roles"] += RoleAssignment.objects.filter(user=user).delete()[0]
    try:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
    except ImportError:  # two-factor sign-in not installed
        pass
    user.name = ""
    user.email = placeholder
    user.time_zone = ""
    user.is_active = False
    user.set_unusable_password()  # every session still open fails its check at once
    user.save(update_fields=["name", "email", "time_zone", "is_active", "password"])
    # The sessions of this user are removed from the database: one pass over the live ones,
    # only when the user signed in recently enough to hold one.
    recent = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    if user.last_login and user.last_login >= recent:
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(
                chunk_size=500):
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                closing.counts["sessions"] += session.delete()[0]


def _refusals_core(user: User) -> list[str]:
    if user.is_staff or user.is_superuser or RoleAssignment.objects.filter(
            user=user, role__in=[Role.SECRETARIAT, Role.COORDINATOR]).exists():
        return [_("Members of the organisers' team cannot close their account here: ask "
                  "another organiser to remove your roles first, so that the prize keeps "
                  "someone in charge of what you manage.")]
    return []


register("prize", order=0, export=_export_core, anonymise=_anonymise_core,
         refusals=_refusals_core)


# --- The profile's panel -------------------------------------------------------------------------


def _profile_panel(request, objects):
    """For the ``prize.profile`` slot: "Your data", with the download and closing links."""
    return {} if request.user.is_authenticated else None


panels.register("prize.profile", "prize.privacy", order=50,
                template="prize/privacy/_profile_panel.html", context=_profile_panel)
