"""Each text that people read gets one column per language (django-modeltranslation); the
text already there is copied into the default language's column (English), so a live
database keeps its texts, and the Korean columns start empty (shown as missing)."""

from django.db import migrations, models
from django.db.models import F


TRANSLATED = {'ScreeningReason': ['text']}


def copy_to_default_language(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('entries', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('entries', model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en": None}).update(
                **{field: F(f"{field}_en")})


class Migration(migrations.Migration):

    dependencies = [
        ('entries', '0005_notes_tags'),
    ]

    operations = [
        migrations.AddField(
            model_name='screeningreason',
            name='text_en',
            field=models.CharField(max_length=300, null=True, verbose_name='reason'),
        ),
        migrations.AddField(
            model_name='screeningreason',
            name='text_ko',
            field=models.CharField(max_length=300, null=True, verbose_name='reason'),
        ),
        migrations.RunPython(copy_to_default_language, copy_back),
    ]
