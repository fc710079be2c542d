"""Regions and postcodes: loading the shipped data files and looking places up.

(Being written: see data/README.md.)
"""


def load_regions_for_migration(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Loads data/regions/ into the historical models of a migration."""
