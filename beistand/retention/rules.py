"""Retention rules: from the job's time and a period in days to a cutoff.

Rows older than the cutoff (by the date the category names) are due. A rule
never looks at the data; the category's `due()` applies the cutoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class DaysAfter:
    """Due `days` days after the row's date (e.g. the last activity of a conversation)."""

    configurable = True

    def cutoff(self, now: datetime, days: int | None) -> datetime:
        return now - timedelta(days=days or 0)


@dataclass(frozen=True)
class AfterEndOfYear:
    """Due at the end of the row's year plus the period, counted in whole years of 365 days.

    Closed cases: 1095 days = 3 years after the end of the year the case closed
    (the regular limitation period); a case closed in 2021 is due from 1 January 2025.
    """

    configurable = True

    def cutoff(self, now: datetime, days: int | None) -> datetime:
        years = (days or 0) // 365
        local = timezone.localtime(now)
        # Rows dated before 1 January of (this year - years) closed in a year that ended long enough ago.
        return timezone.make_aware(datetime(local.year - years, 1, 1))


@dataclass(frozen=True)
class OwnExpiry:
    """The row carries its own expiry (sessions, cache entries): due once that has passed."""

    configurable = False

    def cutoff(self, now: datetime, days: int | None) -> datetime:
        return now


Rule = DaysAfter | AfterEndOfYear | OwnExpiry
RULES = (DaysAfter, AfterEndOfYear, OwnExpiry)
