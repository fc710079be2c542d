"""The pieces every benchmark figure uses: timing, figures, targets and the registry.

A figure is a small function decorated with `@figure(...)` that measures one
thing beside a baseline from the same run and returns a `Figure`. `bench.run`
imports every module in `bench/figures/`, calls the registered functions in
order and prints the table. See bench/README.md for how to add one.
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sample:
    """Seconds per operation, one entry per timed batch."""

    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Measurement:
    """One value of a figure (a median time, a byte count, a query count) and how to show it."""

    value: float
    unit: str  # "s" for times (shown scaled), anything else is shown as is
    detail: str = ""  # e.g. "p95 31 ms"
    label: str = ""  # what was measured, e.g. the baseline's name

    @classmethod
    def of(cls, sample: Sample, label: str = "") -> Measurement:
        return cls(sample.median, "s", f"p95 {format_seconds(sample.p95)}", label)

    def show(self, *, detail: bool = True) -> str:
        shown = format_seconds(self.value) if self.unit == "s" else f"{self.value:,.0f} {self.unit}"
        extra = f"({self.detail})" if detail and self.detail else ""
        return " ".join(part for part in (f"{self.label}:" if self.label else "", shown, extra) if part)


@dataclass(frozen=True)
class Target:
    """A bound on the measured value (in its unit) and/or on measured / baseline."""

    text: str  # as the design states it, e.g. "≤ 0.2 ms"
    maximum: float | None = None
    minimum: float | None = None
    max_ratio: float | None = None

    def met(self, measured: Measurement, baseline: Measurement | None) -> bool:
        ratio = _ratio(measured, baseline)
        return not (
            (self.maximum is not None and measured.value > self.maximum)
            or (self.minimum is not None and measured.value < self.minimum)
            or (self.max_ratio is not None and (ratio is None or ratio > self.max_ratio))
        )


@dataclass(frozen=True)
class Figure:
    name: str
    measured: Measurement
    baseline: Measurement | None = None
    target: Target | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ratio(self) -> float | None:
        return _ratio(self.measured, self.baseline)

    @property
    def status(self) -> str:
        if self.target is None:
            return "-"
        return "ok" if self.target.met(self.measured, self.baseline) else "OVER TARGET"


@dataclass(frozen=True)
class Registered:
    order: int
    function: Callable[[], Figure]


REGISTRY: list[Registered] = []


def figure(order: int) -> Callable[[Callable[[], Figure]], Callable[[], Figure]]:
    """Register a figure function; lower `order` comes first in the table."""

    def register(function: Callable[[], Figure]) -> Callable[[], Figure]:
        REGISTRY.append(Registered(order, function))
        return function

    return register


def measure(operation: Callable[[], object], *, samples: int = 30) -> Sample:
    """Time `operation`, batching fast ones so each timed batch lasts a few milliseconds."""
    return _measure_alternating([operation], samples)[0]


def measure_pair(
    measured: Callable[[], object], baseline: Callable[[], object], *, samples: int = 30
) -> tuple[Sample, Sample]:
    """Time two operations in alternation, so that load from elsewhere hits both alike."""
    first, second = _measure_alternating([measured, baseline], samples)
    return first, second


def format_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.3g}×"


def format_seconds(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


@functools.cache
def database() -> None:
    """Migrate the benchmark's own database once; figures that query call this first.

    The database is a fresh SQLite file in a temporary folder (see bench/run.py);
    migrating loads the region data and takes a few seconds, so only figures
    that need it pay for it.
    """
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _ratio(measured: Measurement, baseline: Measurement | None) -> float | None:
    if baseline is None or baseline.unit != measured.unit or baseline.value <= 0:
        return None
    return measured.value / baseline.value


def _measure_alternating(operations: list[Callable[[], object]], samples: int) -> list[Sample]:
    loops = [_calibrate(operation) for operation in operations]
    timings: list[list[float]] = [[] for _ in operations]
    for _ in range(samples):
        for operation, count, times in zip(operations, loops, timings, strict=True):
            times.append(_time_batch(operation, count))
    return [Sample(tuple(times)) for times in timings]


def _calibrate(operation: Callable[[], object], batch_seconds: float = 0.005) -> int:
    operation()  # warm caches, imports and lazy setup outside the timing
    count = 1
    while (elapsed := _time_batch(operation, count) * count) < batch_seconds and count < 1_000_000:
        count *= max(2, min(10, int(batch_seconds / max(elapsed, 1e-9))))
    return count


def _time_batch(operation: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        operation()
    return (time.perf_counter() - start) / count
