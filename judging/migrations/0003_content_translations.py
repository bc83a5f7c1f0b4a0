"""Each text that people read gets one column per language (django-modeltranslation); the
text already there is copied into the default language's column (English), so a live
database keeps its texts, and the Korean columns start empty (shown as missing)."""

from django.db import migrations, models
from django.db.models import F


TRANSLATED = {'Round': ['name'], 'Criterion': ['name', 'guidance']}


def copy_to_default_language(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('judging', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('judging', model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en": None}).update(
                **{field: F(f"{field}_en")})


class Migration(migrations.Migration):

    dependencies = [
        ('judging', '0002_invitations_runs_notified'),
        ('prize', '0010_content_translations'),
    ]

    operations = [
        migrations.AddField(
            model_name='criterion',
            name='guidance_en',
            field=models.TextField(blank=True, null=True, verbose_name='guidance'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='guidance_ko',
            field=models.TextField(blank=True, null=True, verbose_name='guidance'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='name_en',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='name_ko',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='round',
            name='name_en',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='round',
            name='name_ko',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(fields=('round', 'category', 'name_en'), name='unique_criterion_name-en'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(fields=('round', 'category', 'name_ko'), name='unique_criterion_name-ko'),
        ),
        migrations.RunPython(copy_to_default_language, copy_back),
    ]
