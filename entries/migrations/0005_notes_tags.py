import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("entries", "0004_redactions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("text", models.TextField(max_length=4000, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("edited_at", models.DateTimeField(blank=True, null=True)),
                ("author", models.ForeignKey(null=True,
                                             on_delete=django.db.models.deletion.SET_NULL,
                                             related_name="+", to=settings.AUTH_USER_MODEL)),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="notes", to="entries.entry")),
            ],
            options={
                "verbose_name": "note",
                "ordering": ["entry", "created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("name", models.CharField(max_length=40, verbose_name="name")),
                ("slug", models.SlugField(max_length=60, verbose_name="slug")),
                ("colour", models.CharField(
                    choices=[("blue", "Blue"), ("green", "Green"), ("yellow", "Yellow"),
                             ("orange", "Orange"), ("red", "Red"), ("purple", "Purple"),
                             ("teal", "Teal"), ("grey", "Grey")],
                    default="blue", max_length=10, verbose_name="colour")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(null=True,
                                                 on_delete=django.db.models.deletion.SET_NULL,
                                                 related_name="+", to=settings.AUTH_USER_MODEL)),
                ("edition", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="tags", to="prize.edition")),
            ],
            options={
                "verbose_name": "tag",
                "ordering": ["edition", "name"],
            },
        ),
        migrations.CreateModel(
            name="EntryTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("tagged_at", models.DateTimeField(auto_now_add=True)),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="entry_tags", to="entries.entry")),
                ("tagged_by", models.ForeignKey(null=True,
                                                on_delete=django.db.models.deletion.SET_NULL,
                                                related_name="+", to=settings.AUTH_USER_MODEL)),
                ("tag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                          related_name="entry_tags", to="entries.tag")),
            ],
            options={
                "verbose_name": "tag on an entry",
                "ordering": ["entry", "tag__name"],
            },
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower("name"),
                                               models.F("edition"), name="unique_tag_name"),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(fields=("edition", "slug"),
                                               name="unique_tag_slug"),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.CheckConstraint(
                condition=models.Q(("colour__in", ["blue", "green", "yellow", "orange", "red",
                                                   "purple", "teal", "grey"])),
                name="tag_colour"),
        ),
        migrations.AddConstraint(
            model_name="entrytag",
            constraint=models.UniqueConstraint(fields=("entry", "tag"), name="one_tag_per_entry"),
        ),
    ]
