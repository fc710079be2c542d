"""manage.py run_daily_jobs: the one daily job (retention of every data category), which also enqueues the deadline reminders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beistand.retention.jobs import run_daily_jobs
from beistand.retention.tasks import enqueue_deadline_reminders


class Command(BaseCommand):
    help = "Deletes what is due in every data category (sessions, task results, audit events, …)."

    def handle(self, *args: Any, **options: Any) -> None:
        reports = run_daily_jobs()
        enqueue_deadline_reminders()
        width = max([len(report.category) for report in reports] + [20])
        self.stdout.write(f"{_('category'):<{width}} {_('removed'):>8} {_('held'):>8}  {_('errors')}")
        for report in reports:
            self.stdout.write(
                f"{report.category:<{width}} {report.removed:>8} {report.held:>8}  {report.error or '-'}"
            )
        failed = [report.category for report in reports if report.failed]
        if failed:
            raise CommandError(_("These categories failed: %(names)s") % {"names": ", ".join(failed)})
