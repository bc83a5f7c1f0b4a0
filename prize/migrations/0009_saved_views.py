from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0008_privacy"),
    ]

    operations = []
