from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0006_group_messages"),
    ]

    operations = []
