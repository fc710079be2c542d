"""`make bench`: every figure beside its baseline, measured in the same run.

    BEISTAND_ENV=test .venv/bin/python -m bench.run [--only WORD]

Runs Django in test mode against a throw-away data folder with its own key
store and SQLite database (BEISTAND_BENCH_DATABASE_URL selects another
database, e.g. PostgreSQL), removed at the end. The
table reports; it asserts nothing, and exits 0 unless a figure itself crashed.
Figures over their target are marked OVER TARGET.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

COLUMNS = ("figure", "measured", "baseline (same run)", "ratio", "target", "status")


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="beistand-bench-"))
    try:
        _setup_django(data_dir)
        return _run(arguments.only)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the figures whose function or module name contains WORD")
    return parser


def _setup_django(data_dir: Path) -> None:
    # Test mode: no production secrets needed; they are generated into data_dir.
    os.environ["BEISTAND_ENV"] = "test"
    os.environ["BEISTAND_DATA_DIR"] = str(data_dir)
    # The key store too (test mode would put it into the system's temporary folder), so that
    # the secrets of the synthetic cases (~170,000 files at 50,000 cases) go with the folder.
    os.environ["BEISTAND_KEY_STORE_DIR"] = str(data_dir / "keystore")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BEISTAND_BENCH_DATABASE_URL", f"sqlite:///{data_dir / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beistand.settings")
    import django

    django.setup()


def _run(only: str | None) -> int:
    from bench import figures
    from bench.core import REGISTRY, Figure

    for module in pkgutil.iter_modules(figures.__path__):
        importlib.import_module(f"{figures.__name__}.{module.name}")
    rows: list[Figure | tuple[str, str]] = []
    for entry in sorted(REGISTRY, key=lambda entry: entry.order):
        name = f"{entry.function.__module__}.{entry.function.__name__}"
        if only and only not in name:
            continue
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        try:
            rows.append(entry.function())
        except Exception:
            traceback.print_exc()
            rows.append((name, "ERROR (traceback above)"))
    _print_table(rows)
    return 1 if any(isinstance(row, tuple) for row in rows) else 0


def _print_table(rows: list) -> None:
    from bench.core import Figure, format_ratio

    cells = [COLUMNS]
    for row in rows:
        if isinstance(row, Figure):
            ratio = format_ratio(row.ratio)
            baseline = row.baseline.show(detail=False) if row.baseline else "-"
            target = row.target.text if row.target else "-"
            cells.append((row.name, row.measured.show(), baseline, ratio, target, row.status))
        else:
            cells.append((row[0], row[1], "", "", "", "ERROR"))
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    print(f"\nBeistand benchmarks — Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    for index, line in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    notes = [note for row in rows if isinstance(row, Figure) for note in row.notes]
    if notes:
        print()
        for note in notes:
            print(f"* {note}")


if __name__ == "__main__":
    sys.exit(main())
