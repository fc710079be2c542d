from django.db import migrations

from beistand.directory.taxonomy_defaults import load_default_taxonomies


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_default_taxonomies, migrations.RunPython.noop),
    ]
