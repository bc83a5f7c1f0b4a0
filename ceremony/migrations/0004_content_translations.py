"""Each text that people read gets one column per language (django-modeltranslation); the
text already there is copied into the default language's column (English), so a live
database keeps its texts, and the Korean columns start empty (shown as missing)."""

from django.db import migrations, models
from django.db.models import F


TRANSLATED = {'Award': ['name', 'tier', 'description'], 'Decision': ['citation'], 'Ceremony': ['address', 'description'], 'Presenter': ['title', 'organisation', 'bio'], 'ProgrammeItem': ['title', 'description']}


def copy_to_default_language(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('ceremony', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('ceremony', model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en": None}).update(
                **{field: F(f"{field}_en")})


class Migration(migrations.Migration):

    dependencies = [
        ('ceremony', '0003_ceremony_programme_invitations_reveal'),
        ('prize', '0010_content_translations'),
    ]

    operations = [
        migrations.AddField(
            model_name='award',
            name='description_en',
            field=models.TextField(blank=True, max_length=5000, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='award',
            name='description_ko',
            field=models.TextField(blank=True, max_length=5000, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='award',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='award',
            name='name_ko',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='award',
            name='tier_en',
            field=models.CharField(blank=True, help_text='For example Gold, Silver, Bronze.', max_length=60, null=True, verbose_name='tier'),
        ),
        migrations.AddField(
            model_name='award',
            name='tier_ko',
            field=models.CharField(blank=True, help_text='For example Gold, Silver, Bronze.', max_length=60, null=True, verbose_name='tier'),
        ),
        migrations.AddField(
            model_name='ceremony',
            name='address_en',
            field=models.TextField(blank=True, max_length=500, null=True, verbose_name='address'),
        ),
        migrations.AddField(
            model_name='ceremony',
            name='address_ko',
            field=models.TextField(blank=True, max_length=500, null=True, verbose_name='address'),
        ),
        migrations.AddField(
            model_name='ceremony',
            name='description_en',
            field=models.TextField(blank=True, help_text="Shown on the edition's public pages before the day (never who won).", max_length=5000, null=True, verbose_name='public description'),
        ),
        migrations.AddField(
            model_name='ceremony',
            name='description_ko',
            field=models.TextField(blank=True, help_text="Shown on the edition's public pages before the day (never who won).", max_length=5000, null=True, verbose_name='public description'),
        ),
        migrations.AddField(
            model_name='decision',
            name='citation_en',
            field=models.TextField(blank=True, help_text='A few sentences: what the jury valued. Shown on the public page, the result e-mail, the certificate and in the ceremony script.', max_length=2000, null=True, verbose_name='citation'),
        ),
        migrations.AddField(
            model_name='decision',
            name='citation_ko',
            field=models.TextField(blank=True, help_text='A few sentences: what the jury valued. Shown on the public page, the result e-mail, the certificate and in the ceremony script.', max_length=2000, null=True, verbose_name='citation'),
        ),
        migrations.AddField(
            model_name='presenter',
            name='bio_en',
            field=models.TextField(blank=True, max_length=1500, null=True, verbose_name='short bio'),
        ),
        migrations.AddField(
            model_name='presenter',
            name='bio_ko',
            field=models.TextField(blank=True, max_length=1500, null=True, verbose_name='short bio'),
        ),
        migrations.AddField(
            model_name='presenter',
            name='organisation_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='presenter',
            name='organisation_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='presenter',
            name='title_en',
            field=models.CharField(blank=True, help_text='For example President & CEO.', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='presenter',
            name='title_ko',
            field=models.CharField(blank=True, help_text='For example President & CEO.', max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='programmeitem',
            name='description_en',
            field=models.TextField(blank=True, max_length=2000, null=True, verbose_name='public description'),
        ),
        migrations.AddField(
            model_name='programmeitem',
            name='description_ko',
            field=models.TextField(blank=True, max_length=2000, null=True, verbose_name='public description'),
        ),
        migrations.AddField(
            model_name='programmeitem',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='programmeitem',
            name='title_ko',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddConstraint(
            model_name='award',
            constraint=models.UniqueConstraint(fields=('edition', 'name_en'), name='unique_award_name-en'),
        ),
        migrations.AddConstraint(
            model_name='award',
            constraint=models.UniqueConstraint(fields=('edition', 'name_ko'), name='unique_award_name-ko'),
        ),
        migrations.RunPython(copy_to_default_language, copy_back),
    ]
