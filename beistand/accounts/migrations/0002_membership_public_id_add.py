# Adds Membership.public_id in three steps (add nullable, fill, make unique) so
# that memberships that already exist each get their own UUID.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
    ]
