import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0007_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="Anonymised",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("reason", models.CharField(choices=[("closed", "Closed by its owner"),
                                                     ("retention", "Retention period over")],
                                            max_length=12, verbose_name="reason")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="when")),
                ("kept", models.BooleanField(default=False,
                                             help_text="A winner's or a finalist's record stays.",
                                             verbose_name="record kept")),
                ("counts", models.JSONField(blank=True, default=dict,
                                            verbose_name="what was removed")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="anonymisation",
                                              to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "anonymised account",
                "ordering": ["-at"],
            },
        ),
    ]
