from django.db import migrations

from beistand.network.regions import load_regions_for_migration


class Migration(migrations.Migration):
    """Loads Germany's regions and postcodes from data/regions/ (see data/README.md).

    `manage.py load_regions` re-runs the same idempotent upsert after the data files change.
    """

    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.RunPython(load_regions_for_migration, migrations.RunPython.noop, elidable=False),
    ]
