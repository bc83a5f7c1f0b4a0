"""Messages written before links were sealed kept them in their plain context: remove them.

Account messages keep only the values staff may read (the same list as prize.adapters); judge
and collaborator invitations lose their link. The rows stay, marked as having carried one, so
the outbox still shows that they were sent, to whom and when.
"""

from django.db import migrations

PLAIN_ACCOUNT_NAMES = {
    "email", "current_site", "user_name", "signup_url", "from_email", "to_email", "new",
    "deleted_email", "address",
}
LINK_NAMES = {"accept_path"}


def scrub(apps, schema_editor):
    Notification = apps.get_model("prize", "Notification")
    rows = Notification.objects.filter(template__startswith="account/") | (
        Notification.objects.filter(template__in=["judging/invitation", "entries/invitation"])
    )
    for row in rows.iterator():
        context = row.context or {}
        if row.template.startswith("account/"):
            kept = {k: v for k, v in context.items() if k in PLAIN_ACCOUNT_NAMES}
        else:
            kept = {k: v for k, v in context.items() if k not in LINK_NAMES}
        if kept != context:
            row.context = kept
            row.carries_credential = True
            row.save(update_fields=["context", "carries_credential"])


class Migration(migrations.Migration):
    dependencies = [("prize", "0003_outbox_edition_sealed")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
