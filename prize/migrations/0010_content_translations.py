"""Each text that people read gets one column per language (django-modeltranslation); the
text already there is copied into the default language's column (English), so a live
database keeps its texts, and the Korean columns start empty (shown as missing)."""

from django.db import migrations, models
from django.db.models import F


TRANSLATED = {'Edition': ['name', 'short_name', 'tagline', 'about', 'how_to_enter', 'ceremony_venue'], 'Organisation': ['name', 'description'], 'Milestone': ['title', 'description'], 'Category': ['name', 'description']}


def copy_to_default_language(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('prize', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('prize', model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en": None}).update(
                **{field: F(f"{field}_en")})


class Migration(migrations.Migration):

    dependencies = [
        ('prize', '0009_saved_views'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='category',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='category',
            name='name_en',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='category',
            name='name_ko',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='edition',
            name='about_en',
            field=models.TextField(blank=True, null=True, verbose_name='about'),
        ),
        migrations.AddField(
            model_name='edition',
            name='about_ko',
            field=models.TextField(blank=True, null=True, verbose_name='about'),
        ),
        migrations.AddField(
            model_name='edition',
            name='ceremony_venue_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='ceremony venue'),
        ),
        migrations.AddField(
            model_name='edition',
            name='ceremony_venue_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='ceremony venue'),
        ),
        migrations.AddField(
            model_name='edition',
            name='how_to_enter_en',
            field=models.TextField(blank=True, null=True, verbose_name='how to enter'),
        ),
        migrations.AddField(
            model_name='edition',
            name='how_to_enter_ko',
            field=models.TextField(blank=True, null=True, verbose_name='how to enter'),
        ),
        migrations.AddField(
            model_name='edition',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='edition',
            name='name_ko',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='edition',
            name='short_name_en',
            field=models.CharField(help_text='Used in e-mail subjects and references.', max_length=40, null=True, verbose_name='short name'),
        ),
        migrations.AddField(
            model_name='edition',
            name='short_name_ko',
            field=models.CharField(help_text='Used in e-mail subjects and references.', max_length=40, null=True, verbose_name='short name'),
        ),
        migrations.AddField(
            model_name='edition',
            name='tagline_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='edition',
            name='tagline_ko',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='description_en',
            field=models.CharField(blank=True, max_length=500, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='description_ko',
            field=models.CharField(blank=True, max_length=500, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='title_ko',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='name_ko',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(fields=('edition', 'name_en'), name='unique_organisation-en'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(fields=('edition', 'name_ko'), name='unique_organisation-ko'),
        ),
        migrations.RunPython(copy_to_default_language, copy_back),
    ]
