from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("entries", "0004_redactions"),
    ]

    operations = []
