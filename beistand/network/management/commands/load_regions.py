"""manage.py load_regions: re-reads data/regions/ into the database and reports the counts."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beistand.network.regions import RegionDataMissing, load_regions


class Command(BaseCommand):
    help = "Load Länder, Regierungsbezirke, Kreise, Gemeinden and postcodes (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, help="another directory with the CSV files")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = load_regions(data_dir=options["data_dir"], using=options["database"])
        except RegionDataMissing as error:
            raise CommandError(str(error)) from error
        for name, count in result.counts.items():
            self.stdout.write(f"{name:<26}{count:>7}")
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, "
            f"removed links {result.deleted_links} in {time.monotonic() - started:.1f} s"
        )
