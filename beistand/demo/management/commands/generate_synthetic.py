"""manage.py generate_synthetic: a network-sized load of invented cases (refused in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from beistand.demo.synthetic import NoCentres, Summary, SyntheticRefused, generate


class Command(BaseCommand):
    help = (
        "Generate invented cases with persons, incidents, sessions, referrals and deadlines, "
        "encrypted like real ones. The same seed gives the same data. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--cases", type=int, default=1000, help="how many cases in all (default 1000)")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--centres", type=int, default=0,
                           help="make N synthetic centres for the cases (default: the centres already there)")
        where.add_argument("--centre", metavar="SLUG", help="put every case into this one centre")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO_ALLOWED", False):
            raise CommandError("Synthetic data are never generated in production (DEMO_ALLOWED is off).")
        if options["cases"] < 0 or options["centres"] < 0:
            raise CommandError("--cases and --centres take a number of 0 or more.")
        try:
            summary = generate(
                seed=options["seed"], cases=options["cases"], centres=options["centres"],
                centre=options["centre"], progress=self._progress,
            )
        except (NoCentres, SyntheticRefused) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report(summary))

    def _progress(self, slug: str, done: int, total: int, seconds: float) -> None:
        self.stderr.write(f"{slug}: {done:,}/{total:,} cases ({seconds:.0f} s)")


def report(summary: Summary) -> str:
    lines = [f"Synthetic data generated (seed {summary.seed}) in {summary.seconds:.1f} s:"]
    lines += [f"  {slug}: {count:,} cases" for slug, count in summary.centres.items()]
    lines += [f"  {label}: {count:,} rows" for label, count in sorted(summary.rows.items())]
    return "\n".join(lines) + "\n"
