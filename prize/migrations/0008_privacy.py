from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0007_jobs"),
    ]

    operations = []
