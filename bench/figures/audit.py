"""The audit trail: what writing the read event of a request costs, and the role it records."""

from __future__ import annotations

from bench.core import Figure, Measurement, Target, database, figure, measure_pair
from bench.fixtures import bench_centre, bench_user, signed_in_client


@figure(order=50)
def audit_overhead() -> Figure:
    """The staff page of one centre, with and without writing a read event (bench/audit_urls.py)."""
    from django.test import override_settings

    database()
    bench_centre()
    client = signed_in_client()
    with override_settings(ROOT_URLCONF="bench.audit_urls"):
        if client.get("/plain/bench-centre/").status_code != 200:  # also warms up
            raise RuntimeError("the centre page did not answer 200")
        measured, baseline = measure_pair(
            lambda: client.get("/audited/bench-centre/"), lambda: client.get("/plain/bench-centre/"),
            samples=80,
        )
    return Figure(
        "Audit overhead: staff page reading one record, with its event",
        Measurement.of(measured),
        Measurement.of(baseline, "same page without the event"),
        Target("≤ 10 % over the request", max_ratio=1.10),
        notes=(
            "Audit overhead: the event's role comes from the session (audit/context.py caches a user's "
            "roles there; a membership change clears them), so a read costs one INSERT and no role query.",
        ),
    )


@figure(order=51)
def audit_role_lookup() -> Figure:
    """The role an event records: read from the session's cache, beside the query it saves."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import SESSION_KEY

    from beistand.audit import context

    database()
    user = bench_user()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    context._role_of(user, session)  # fills the cache, as an audited request does once
    measured, baseline = measure_pair(lambda: context._role_of(user, session), lambda: context._role_of(user))
    return Figure(
        "Role of the acting user for an audit event, from the session",
        Measurement.of(measured),
        Measurement.of(baseline, "one query on the memberships (no cache)"),
    )
