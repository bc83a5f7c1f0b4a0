from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("prize", "0005_team_invitations"),
    ]

    operations = []
