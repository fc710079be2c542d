"""The daily job as a django-tasks task, for the database worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from beistand.retention.jobs import run_daily_jobs


def enqueue_deadline_reminders() -> None:
    """The case work's daily reminders ride on the daily job (also when a category failed)."""
    from beistand.cases.tasks import send_deadline_reminders

    send_deadline_reminders.enqueue()


class DailyJobsFailed(Exception):
    """Some categories failed; the others ran. Their names only, never data."""


@task()
def daily_jobs() -> dict[str, Any]:
    """Runs every category's shredder; fails (after running all) if any category failed."""
    reports = run_daily_jobs()
    enqueue_deadline_reminders()
    failed = [report.category for report in reports if report.failed]
    if failed:
        raise DailyJobsFailed("retention categories failed: " + ", ".join(failed))
    return {report.category: {"removed": report.removed, "held": report.held} for report in reports}
