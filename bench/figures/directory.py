"""The referral directory (issue 6): search among 50,000 services, and export and re-import of all of them.

The services are made in bulk once per run (BEISTAND_BENCH_SERVICES, default
50,000): spread over Germany's postcode centres, each with a provider, a
location with its address, one to three languages (Arabic in about one in
eight) and one or two needs, all public. The search is measured through
Django's test client as a signed-in counsellor (every middleware, the scope,
the place lookup, the template), beside its own SELECTs on the directory and
postcode tables replayed through a bare cursor. Export and import are
measured on the real code paths (the streamed ZIP, the checking importer);
memory is the peak of Python's allocations during the work (tracemalloc), at
a tenth of the services beside all of them: streamed work keeps it flat.
The export's time is taken with tracemalloc running; the import's time is
taken without it (it would slow the import about threefold), its memory at a
twentieth and a tenth of the services.
"""

from __future__ import annotations

import functools
import io
import os
import random
import sys
import time
import tracemalloc
from typing import Any

from bench.core import Figure, Measurement, Target, database, figure, measure, measure_pair
from bench.fixtures import captured, replay, signed_in_client

DEFAULT_SERVICES = 50_000
SEARCH_URL = "/de/staff/directory/"
SEARCH = {"language": "ar", "place": "44137", "radius": "30"}
BATCH = 5_000
LANGUAGES = ["de", "en", "tr", "ar", "fa", "ru", "uk", "ku", "pl", "ro", "fr"]
NEEDS = ["psychotherapy", "trauma-therapy", "legal-criminal-joint-plaintiff", "legal-asylum-residence",
         "medical-forensic", "interpreting", "social", "migration", "self_help", "youth_welfare"]
# Tables of the directory in the order a purge may empty them (children first).
# What the search reads: the directory, the place, and the user's scope (memberships, networks).
SEARCH_TABLES = ("directory_", "network_postcode", "network_municipality", "network_district",
                 "accounts_membership", "network_network")
PURGE_ORDER = ["directory_change", "directory_attribute", "directory_language", "directory_schedule",
               "directory_phone", "directory_contact", "directory_address", "directory_accessibility",
               "directory_serviceatlocation", "directory_servicearea", "directory_costoption",
               "directory_location", "directory_service", "directory_provider"]


def bench_services() -> int:
    value = os.environ.get("BEISTAND_BENCH_SERVICES", str(DEFAULT_SERVICES))
    if not value.isdigit() or int(value) < 10:
        raise SystemExit("BEISTAND_BENCH_SERVICES must be a whole number of at least 10")
    return int(value)


@functools.cache
def directory_load() -> tuple[int, float]:
    """(services, seconds it took to make them) — made once per run."""
    database()
    count = bench_services()
    print(f"making {count:,} directory services for the directory figures ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    _make_services(count, random.Random(6))  # noqa: S311 -- invented data only
    return count, time.perf_counter() - started


def _make_services(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from beistand.directory.models import (
        Address,
        Attribute,
        Language,
        Location,
        Provider,
        Service,
        ServiceAtLocation,
        TaxonomyTerm,
    )
    from beistand.network.models import Postcode

    points = list(Postcode.objects.filter(latitude__isnull=False).values_list("code", "latitude", "longitude"))
    terms = dict(TaxonomyTerm.objects.filter(code__in=NEEDS).values_list("code", "pk"))
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            providers = Provider.objects.bulk_create(Provider(name=f"Träger {start + n}") for n in range(size))
            services = Service.objects.bulk_create(
                Service(provider=provider, name=f"Angebot {start + n:06d}", visibility="public", status="active")
                for n, provider in enumerate(providers)
            )
            places = [rng.choice(points) for _ in services]
            locations = Location.objects.bulk_create(
                Location(provider=provider, latitude=lat, longitude=lon) for provider, (_code, lat, lon) in zip(providers, places, strict=True)
            )
            ServiceAtLocation.objects.bulk_create(
                ServiceAtLocation(service=service, location=location) for service, location in zip(services, locations, strict=True)
            )
            Address.objects.bulk_create(
                Address(location=location, address_1="Musterstraße 1", postal_code=code, city="Musterstadt", state_province="-")
                for location, (code, _lat, _lon) in zip(locations, places, strict=True)
            )
            Language.objects.bulk_create(
                Language(service=service, code=code) for service in services for code in _languages(rng)
            )
            Attribute.objects.bulk_create(
                Attribute(service=service, term_id=terms[code]) for service in services for code in rng.sample(NEEDS, rng.randint(1, 2))
            )


def _languages(rng: random.Random) -> set[str]:
    spoken = {"de", *rng.sample(LANGUAGES, rng.randint(0, 2))}
    if rng.random() < 0.12:
        spoken.add("ar")
    return spoken


@figure(order=80)
def directory_search_code_path() -> Figure:
    """The search behind the page: scope, candidates in the bounding box, haversine, the page of results with reasons."""
    from beistand.directory import access
    from beistand.directory.geo import find_place
    from beistand.directory.search import Criteria, search
    from bench.fixtures import bench_user

    services, _seconds = directory_load()
    user = bench_user()

    def run() -> Any:
        user.__dict__.pop("_directory_scope", None)  # as in a new request
        place, _message = find_place(SEARCH["place"])
        return search(access.readable_services(user), Criteria(language="ar", place=place, radius_km=30))

    with captured() as statements:
        found = run()
    # Every SELECT of the search: the user's scope, the place, the candidates, the page of results.
    reads = [(sql, params) for sql, params in statements.executed if sql.lstrip().upper().startswith("SELECT")]
    measured, baseline = measure_pair(run, replay(reads), samples=20)
    return Figure(
        f"Directory search, {services:,} services, Arabic within 30 km of 44137: the search",
        Measurement.of(measured),
        Measurement.of(baseline, f"its {len(reads)} SELECTs, bare cursor"),
        Target("≤ 2× the raw SQL", max_ratio=2.0),
        notes=(f"Directory search: {found.total} of {services:,} services match (bounding box in SQL on the "
               "locations' coordinates, haversine in Python for the candidates, one page of 20 with reasons).",),
    )


@figure(order=81)
def directory_search_page() -> Figure:
    services, seconds = directory_load()
    client = signed_in_client()
    client.get(SEARCH_URL, SEARCH)  # the session's first request looks up roles once
    with captured() as statements:
        response = client.get(SEARCH_URL, SEARCH)
    if response.status_code != 200:
        raise RuntimeError(f"the directory search answered {response.status_code}")
    reads = _search_reads(statements)
    measured, baseline = measure_pair(lambda: client.get(SEARCH_URL, SEARCH), replay(reads), samples=20)
    floor = measure(lambda: client.get(SEARCH_URL), samples=10)
    return Figure(
        f"Directory search page, {services:,} services (whole request): server time",
        Measurement.of(measured),
        Measurement.of(baseline, f"its {len(reads)} SELECTs of the search (directory, place, scope), bare cursor"),
        # Reported: design.md's "≤ 2× the raw SQL" is the search's (the figure above). The page adds
        # the request's floor, which alone is more than the search's SQL.
        notes=(
            f"Directory: {services:,} public services made in {seconds:.0f} s. The search page without a "
            f"search (session, account, second factor, layout, form) takes {floor.median * 1000:.1f} ms "
            "in the same process: that floor alone is more than the search's SQL, so the page is reported "
            "beside the raw SQL without a target; the target (≤ 2×) applies to the search itself.",
        ),
    )


@figure(order=82)
def directory_export() -> Figure:
    services, _seconds = directory_load()
    small = max(1, services // 10)
    small_peak, _size, _seconds = _export(small)
    peak, size, seconds = _export(services)
    return Figure(
        f"Directory export, {services:,} services as an HSDS data package: peak memory",
        Measurement(peak / 1024, "KiB"),
        Measurement(small_peak / 1024, "KiB", label=f"{small:,} services"),
        Target("flat: ≤ 1.5× the peak at a tenth", max_ratio=1.5),
        notes=(f"Directory export of {services:,} services: {seconds:.1f} s, {size / 1024 / 1024:.1f} MB ZIP, streamed.",),
    )


@figure(order=83)
def directory_import() -> Figure:
    """Time for all services; memory at a tenth beside a twentieth (tracemalloc would slow the big run ~3×)."""
    services, _seconds = directory_load()
    tenth, twentieth = max(1, services // 10), max(1, services // 20)
    packages = {count: _package(count) for count in (twentieth, tenth, services)}
    peaks = {}
    for count in (twentieth, tenth):
        _purge()
        peaks[count], _time, report = _import(packages[count], trace=True)
        _check(report)
    _purge()
    _peak, seconds, report = _import(packages[services], trace=False)
    _check(report)
    return Figure(
        f"Directory import, {tenth:,} services from an HSDS data package: peak memory",
        Measurement(peaks[tenth] / 1024, "KiB"),
        Measurement(peaks[twentieth] / 1024, "KiB", label=f"{twentieth:,} services"),
        Target("flat: ≤ 1.5× the peak at half as many", max_ratio=1.5),
        notes=(f"Directory import of {services:,} services ({report.written:,} rows, every row checked, into an "
               f"emptied directory, without tracemalloc): {seconds:.0f} s ({report.written / seconds:,.0f} rows/s). "
               "The import reads and writes in batches of 500 rows inside one transaction.",),
    )


def _check(report: Any) -> None:
    if report.error_count:
        raise RuntimeError(f"the re-import found problems: {report.errors[:3]}")


def _search_reads(statements: Any) -> list[tuple[str, Any]]:
    return [
        (sql, params) for sql, params in statements.executed
        if sql.lstrip().upper().startswith("SELECT") and any(f'"{table}' in sql for table in SEARCH_TABLES)
    ]


def _services_up_to(count: int) -> Any:
    from beistand.directory.models import Service

    last = Service.objects.order_by("pk").values_list("pk", flat=True)[count - 1]
    return Service.objects.filter(pk__lte=last)


class PeakMemory:
    """The peak of Python's allocations while the block runs (tracemalloc)."""

    def __init__(self, trace: bool = True) -> None:
        self.trace, self.peak = trace, 0

    def __enter__(self) -> PeakMemory:
        if self.trace:
            tracemalloc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.trace:
            self.peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()


def _export(count: int) -> tuple[int, int, float]:
    from beistand.directory.hsds.export import zip_stream

    services = _services_up_to(count)
    with PeakMemory() as memory:
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in zip_stream(services))
        seconds = time.perf_counter() - started
    return memory.peak, size, seconds


def _package(count: int) -> bytes:
    from beistand.directory.hsds.export import zip_stream

    return b"".join(zip_stream(_services_up_to(count)))


def _purge() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in PURGE_ORDER:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def _import(package: bytes, trace: bool) -> tuple[int, float, Any]:
    from beistand.accounts.models import User
    from beistand.directory.hsds.importer import import_package
    from beistand.directory.hsds.report import Options

    admin, _ = User.objects.get_or_create(email="bench-admin@bench.invalid", defaults={"is_admin": True, "display_name": "Bench admin"})
    upload = io.BytesIO(package)
    with PeakMemory(trace) as memory:
        started = time.perf_counter()
        report = import_package(admin, upload, Options(visibility="public"))
        seconds = time.perf_counter() - started
    return memory.peak, seconds, report
