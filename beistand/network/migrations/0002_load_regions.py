from django.db import migrations

from beistand.network.regions import load_regions_for_migration


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(load_regions_for_migration, migrations.RunPython.noop, elidable=False),
    ]
