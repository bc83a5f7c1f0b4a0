import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0008_privacy"),
    ]

    operations = [
        migrations.CreateModel(
            name="SavedView",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("list_key", models.CharField(max_length=40, verbose_name="list")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                ("query", models.CharField(blank=True, max_length=2000,
                                           verbose_name="query string")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("edition", models.ForeignKey(blank=True, null=True,
                                              on_delete=django.db.models.deletion.CASCADE,
                                              related_name="+", to="prize.edition")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="saved_views",
                                           to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["name", "pk"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("edition__isnull", False)),
                                            fields=("user", "list_key", "edition", "name"),
                                            name="saved_view_name_unique_in_edition"),
                    models.UniqueConstraint(condition=models.Q(("edition__isnull", True)),
                                            fields=("user", "list_key", "name"),
                                            name="saved_view_name_unique"),
                ],
            },
        ),
    ]
