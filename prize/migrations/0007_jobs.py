# The background jobs that build a file for a user (entry books).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import prize.job_models


class Migration(migrations.Migration):
    dependencies = [
        ("prize", "0006_group_messages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Job",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40, verbose_name="kind")),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="parameters")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to start"),
                            ("running", "Being built"),
                            ("done", "Ready"),
                            ("failed", "Failed"),
                            ("expired", "Expired"),
                        ],
                        db_index=True,
                        default="queued",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("done", models.PositiveIntegerField(default=0, verbose_name="done")),
                ("total", models.PositiveIntegerField(default=0, verbose_name="total")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=prize.job_models.job_file_path,
                        verbose_name="file",
                    ),
                ),
                (
                    "file_name",
                    models.CharField(blank=True, max_length=200, verbose_name="file name"),
                ),
                ("content_type", models.CharField(blank=True, max_length=100, verbose_name="type")),
                ("size", models.PositiveBigIntegerField(default=0, verbose_name="size")),
                ("error", models.TextField(blank=True, verbose_name="what went wrong")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="asked"),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                (
                    "expires_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="deleted after"),
                ),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jobs",
                        to="prize.edition",
                        verbose_name="edition",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jobs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="asked by",
                    ),
                ),
            ],
            options={
                "verbose_name": "background job",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["user", "kind", "created_at"], name="job_recent")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("state__in", ["queued", "running", "done", "failed", "expired"])
                        ),
                        name="job_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("done__lte", models.F("total")), ("total", 0), _connector="OR"
                        ),
                        name="job_done_within_total",
                    ),
                ],
            },
        ),
    ]
