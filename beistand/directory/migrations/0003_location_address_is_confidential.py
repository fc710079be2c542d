from django.db import migrations, models

from beistand.directory.taxonomy_defaults import load_default_taxonomies


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0002_default_taxonomies"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="address_is_confidential",
            field=models.BooleanField(
                default=False,
                help_text="E.g. a women's shelter: the street address and the exact position never appear in the help finder, the open API or an export for the public; counsellors of the network see them.",
                verbose_name="address only for staff",
            ),
        ),
        # The term that carries the flag through an HSDS export (hsds/extensions.py).
        migrations.RunPython(load_default_taxonomies, migrations.RunPython.noop),
    ]
