import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0005_team_invitations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Message",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("audience", models.CharField(max_length=60, verbose_name="audience")),
                ("filters", models.JSONField(blank=True, default=dict, verbose_name="filters")),
                ("subject", models.CharField(max_length=200, verbose_name="subject")),
                ("body", models.TextField(max_length=10000, verbose_name="message")),
                ("state", models.CharField(choices=[("draft", "Draft"), ("scheduled", "Scheduled"), ("sending", "Sending"), ("sent", "Sent"), ("cancelled", "Cancelled")], db_index=True, default="draft", max_length=10, verbose_name="state")),
                ("send_at", models.DateTimeField(blank=True, null=True, verbose_name="send at")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                ("recipient_count", models.PositiveIntegerField(default=0, verbose_name="recipients")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("author", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="author")),
                ("edition", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="group_messages", to="prize.edition", verbose_name="edition")),
            ],
            options={
                "verbose_name": "group message",
                "verbose_name_plural": "group messages",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["state", "send_at"], name="group_message_due")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("state__in", ["draft", "scheduled", "sending", "sent", "cancelled"])), name="group_message_state"),
                    models.CheckConstraint(condition=models.Q(models.Q(("state", "scheduled"), _negated=True), ("send_at__isnull", False), _connector="OR"), name="group_message_scheduled_has_time"),
                ],
            },
        ),
        migrations.CreateModel(
            name="MessageRecipient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject", models.CharField(max_length=400, verbose_name="subject")),
                ("body", models.TextField(verbose_name="message")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="sent")),
                ("message", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="recipients", to="prize.message")),
                ("notification", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="prize.notification")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="group_messages", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["user", "-created_at"], name="group_message_inbox")],
                "constraints": [models.UniqueConstraint(fields=("message", "user"), name="group_message_once")],
            },
        ),
    ]
