"""The daily job as a django-tasks task, for the database worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from beistand.retention.jobs import run_daily_jobs


class DailyJobsFailed(Exception):
    """Some categories failed; the others ran. Their names only, never data."""


@task()
def daily_jobs() -> dict[str, Any]:
    """Runs every category's shredder; fails (after running all) if any category failed."""
    reports = run_daily_jobs()
    failed = [report.category for report in reports if report.failed]
    if failed:
        raise DailyJobsFailed("retention categories failed: " + ", ".join(failed))
    return {report.category: {"removed": report.removed, "held": report.held} for report in reports}
