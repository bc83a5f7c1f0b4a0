import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("entries", "0003_pending_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Redaction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("field_key", models.CharField(
                    blank=True, help_text="The form field whose answer it applies to; empty for "
                    "every answer.", max_length=100, verbose_name="answer")),
                ("text", models.CharField(max_length=300, verbose_name="hidden passage")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(
                    null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                    to=settings.AUTH_USER_MODEL)),
                ("entry", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="redactions",
                    to="entries.entry")),
            ],
            options={
                "verbose_name": "redaction",
                "ordering": ["entry", "field_key", "pk"],
                "constraints": [models.UniqueConstraint(fields=("entry", "field_key", "text"),
                                                        name="one_redaction_per_passage")],
            },
        ),
    ]
