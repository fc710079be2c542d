"""Synthetic data: a network-sized, realistic and entirely invented load (`manage.py generate_synthetic`).

    generate(seed=1, cases=50_000, centre="backup")

makes cases with persons, incidents, sessions with notes, accompaniments,
referrals with the consents they rely on, and deadlines — through the real
models and the real encryption: every case has its own data key, every
person and incident too, and every piece of free text is sealed with it.
It is fast because it inserts in bulk (write.py, bulk.py), batch by batch,
each batch in one transaction. The same seed gives the same cases (counts,
distributions, texts); keys, nonces and public ids stay random.

Modules: distributions.py (how often what happens, after the published
statistics), texts.py (pseudonyms and notes), centres.py (where the cases go,
and the staff), plan.py (deciding one case), write.py (rows), bulk.py (keys,
audit events and references in bulk).

Refused wherever settings.DEMO_ALLOWED is off (production), like load_demo.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from beistand.audit.context import SYSTEM, acting_as
from beistand.demo.synthetic import distributions as dist
from beistand.demo.synthetic.centres import NoCentres, centre_context, choose_centres
from beistand.demo.synthetic.plan import Planner
from beistand.demo.synthetic.write import BatchWriter
from beistand.network.models import Centre

__all__ = ["NoCentres", "Summary", "SyntheticRefused", "generate"]

BATCH_SIZE = 500


class SyntheticRefused(RuntimeError):
    """Synthetic data are never generated where DEMO_ALLOWED is off."""


@dataclass
class Summary:
    seed: int
    centres: dict[str, int] = field(default_factory=dict)  # slug -> cases
    rows: Counter[str] = field(default_factory=Counter)  # model label -> rows
    seconds: float = 0.0


# Told after every batch: the centre's slug, cases made so far, cases in all, seconds so far.
Progress = Callable[[str, int, int, float], None]


def generate(
    *,
    seed: int,
    cases: int,
    centres: int = 0,
    centre: str | None = None,
    today: datetime.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> Summary:
    """Generates `cases` cases, spread over the chosen centres (see centres.choose_centres)."""
    if not getattr(settings, "DEMO_ALLOWED", False):
        raise SyntheticRefused("Synthetic data are never generated in production (DEMO_ALLOWED is off).")
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 -- invented data, not secrets: it must repeat for a seed
    summary = Summary(seed=seed)
    chosen = choose_centres(slug=centre, create=centres)
    with acting_as(role=SYSTEM):
        for target, count in zip(chosen, split(rng, cases, chosen), strict=True):
            _generate_for(rng, target, count, today or timezone.localdate(), batch_size, summary, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def split(rng: random.Random, cases: int, centres: list[Centre]) -> list[int]:
    """How many of the cases each centre gets: by its type's caseload, give or take a third."""
    weights = [dist.CASELOAD_BY_CENTRE_TYPE[centre.type] * rng.uniform(0.67, 1.33) for centre in centres]
    shares = [int(cases * weight / sum(weights)) for weight in weights]
    shares[weights.index(max(weights))] += cases - sum(shares)
    return shares


def _generate_for(
    rng: random.Random, centre: Centre, count: int, today: datetime.date, batch_size: int,
    summary: Summary, progress: Progress | None,
) -> None:
    if count <= 0:
        return
    context = centre_context(centre, count)
    planner, writer = Planner(rng, context, today), BatchWriter(context)
    dates = planner.opening_dates(count)
    started = time.perf_counter()
    for start in range(0, count, batch_size):
        writer.write([planner.case(day) for day in dates[start : start + batch_size]])
        done = min(start + batch_size, count)
        if progress:
            progress(centre.slug, done, count, time.perf_counter() - started)
    summary.centres[centre.slug] = count
    summary.rows.update(writer.counts)
