"""What several figures need: the bench centre, a signed-in counsellor, cases, and SQL capture.

Everything is made once per run (functools.cache) in the run's own database.
The case load comes from the synthetic generator (beistand/demo/synthetic):
BEISTAND_BENCH_CASES cases (default 50,000) in the bench centre, made before
the first figure that needs them; at 50,000 this dominates the run.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.core import database

CENTRE_SLUG = "bench-centre"
BENCH_EMAIL = "bench@bench.invalid"
DEFAULT_CASES = 50_000


def bench_cases() -> int:
    """How many cases the case figures run on (BEISTAND_BENCH_CASES, default 50,000)."""
    value = os.environ.get("BEISTAND_BENCH_CASES", str(DEFAULT_CASES))
    try:
        cases = int(value)
    except ValueError:
        raise SystemExit(f"BEISTAND_BENCH_CASES must be a whole number, not {value!r}") from None
    if cases < 1:
        raise SystemExit("BEISTAND_BENCH_CASES must be at least 1")
    return cases


def bench_centre() -> Any:
    """A victim-counselling centre of its own, so the demo data never mix in."""
    from beistand.network.models import Centre, Organisation

    database()
    carrier, _ = Organisation.objects.get_or_create(slug="bench-carrier", defaults={"name": "Bench e.V.", "kind": "carrier"})
    centre, _ = Centre.objects.get_or_create(
        slug=CENTRE_SLUG, defaults={"name": "Bench", "type": "victim_counselling", "organisation": carrier}
    )
    return centre


@functools.cache
def bench_user() -> Any:
    """A counsellor of the bench centre with an authenticator: the workspace admits nobody without."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from beistand.accounts.models import Membership, Role, User

    user, created = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"display_name": "Bench"})
    if created:
        Membership.objects.create(user=user, role=Role.COUNSELLOR, centre=bench_centre())
        TOTP.activate(user, generate_totp_secret())
    return user


def signed_in_client() -> Any:
    from django.test import Client

    client = Client()
    client.force_login(bench_user())
    return client


@functools.cache
def centre_with_cases() -> tuple[Any, int, float]:
    """The bench centre with its synthetic cases: (centre, cases, seconds it took to make them)."""
    from beistand.demo.synthetic import generate

    centre, cases = bench_centre(), bench_cases()
    print(f"generating {cases:,} synthetic cases for the case figures ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    generate(seed=1, cases=cases, centre=centre.slug, batch_size=1000, progress=_progress)
    return centre, cases, time.perf_counter() - started


def _progress(slug: str, done: int, total: int, seconds: float) -> None:
    if done == total or done % 10_000 == 0:
        print(f"  {done:,}/{total:,} cases ({seconds:.0f} s)", file=sys.stderr, flush=True)


# --- SQL of a request ------------------------------------------------------------------------


@dataclass
class Statements:
    """The SQL a piece of work ran: (sql, params) in order."""

    executed: list[tuple[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.executed)

    def reading(self, table_prefix: str) -> list[tuple[str, Any]]:
        """The SELECTs that read tables whose names start with `table_prefix` (e.g. "cases_")."""
        return [
            (sql, params) for sql, params in self.executed
            if sql.lstrip().upper().startswith("SELECT") and f'"{table_prefix}' in sql
        ]


@contextmanager
def captured() -> Iterator[Statements]:
    """Records every statement run on the default connection (also under DEBUG=False)."""
    from django.db import connection

    statements = Statements()

    def keep(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        yield statements


def replay(statements: list[tuple[str, Any]]) -> Callable[[], None]:
    """The bare SQL of a page: the same statements through a cursor, every row fetched."""
    from django.db import connection

    def run() -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run
