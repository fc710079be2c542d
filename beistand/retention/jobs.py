"""The daily job: every registered category's shredder, each in its own transaction.

    reports = run_daily_jobs()

A category that fails is rolled back and reported; the others still run.
Each category leaves one technical audit event: object "retention.category"
with the category's name as object id, and its counts as "removed:N" and
"held:N" in the field names (numbers from a closed vocabulary, never content),
or "failed" when it failed. Running the job again the same day finds nothing
more that is due, so it removes nothing more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from beistand.audit.context import SYSTEM, acting_as
from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.retention import registry
from beistand.retention.models import LegalHold, RetentionPolicy
from beistand.retention.registry import Counts, DataCategory

logger = logging.getLogger(__name__)
AUDIT_OBJECT_TYPE = "retention.category"


@dataclass
class Run:
    """One category's run: its time, its cutoffs (per centre where allowed) and its counts."""

    category: DataCategory
    now: datetime

    def cutoff(self, centre_days: int | None = None) -> datetime:
        """The installation-wide cutoff, or the one for a centre's own period."""
        assert self.category.rule is not None  # noqa: S101 -- guaranteed by registration
        return self.category.rule.cutoff(self.now, self.category.days(centre_days))

    def centre_cutoffs(self) -> dict[int, datetime]:
        """Centre primary key -> cutoff, for the centres with their own period."""
        if not self.category.per_centre:
            return {}
        policies = RetentionPolicy.objects.filter(category=self.category.name)
        return {policy.centre_id: self.cutoff(policy.days) for policy in policies}

    def older_than(self, rows: QuerySet[Any], date_field: str, centre_field: str = "") -> QuerySet[Any]:
        """The rows dated before their cutoff: their centre's own where it has one."""
        overrides = self.centre_cutoffs() if centre_field else {}
        due = Q(**{f"{date_field}__lt": self.cutoff()})
        if not overrides:
            return rows.filter(due)
        due &= ~Q(**{f"{centre_field}__in": list(overrides)})
        for centre_id, cutoff in overrides.items():
            due |= Q(**{centre_field: centre_id, f"{date_field}__lt": cutoff})
        return rows.filter(due)


@dataclass
class Report:
    category: str
    removed: int = 0
    held: int = 0
    error: str = ""
    counts: Counts = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.error)


def run_daily_jobs(now: datetime | None = None) -> list[Report]:
    """Runs every registered category; one report each, failures included."""
    now = now or timezone.now()
    if connection.vendor == "sqlite":
        # Deleted rows must not linger in the file's free pages: overwrite them with zeros.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    with acting_as(role=SYSTEM):
        return [run_category(category, now) for category in registry.categories()]


def run_category(category: DataCategory, now: datetime) -> Report:
    report = Report(category=category.name)
    try:
        with transaction.atomic():
            report.counts, report.held = _shred(category, Run(category, now))
    except Exception as error:
        # The class only: a message could quote data.
        report.error = type(error).__name__
        logger.error("retention: category %s failed with %s", category.name, report.error)
        record(Action.DELETE, object_type=AUDIT_OBJECT_TYPE, object_id=category.name,
               fields=["failed"], category=Category.TECHNICAL)
        return report
    report.removed = report.counts.get("removed", 0)
    record(Action.DELETE, object_type=AUDIT_OBJECT_TYPE, object_id=category.name,
           fields=[f"removed:{report.removed}", f"held:{report.held}"], category=Category.TECHNICAL)
    return report


def _shred(category: DataCategory, run: Run) -> tuple[Counts, int]:
    """The framework's part: what is due, minus what is held, to the category's shredder."""
    due = category.due(run)
    held = 0
    if due is not None and category.hold_object_type:
        held_ids = LegalHold.objects.active().filter(object_type=category.hold_object_type)
        on_hold = Q(**{f"{category.hold_id_field}__in": held_ids.values("object_public_id")})
        held = due.filter(on_hold).count()
        due = due.exclude(on_hold)
    counts = category.shred(due, run)
    if "removed" not in counts:
        raise TypeError(f"the shredder of {category.name} must return a 'removed' count")
    return counts, held


def held_ids(object_type: str) -> set[str]:
    """The public ids under an active hold, for shredders that walk related objects."""
    ids = LegalHold.objects.active().filter(object_type=object_type).values_list("object_public_id", flat=True)
    return {str(public_id) for public_id in ids}
