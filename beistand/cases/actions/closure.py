"""Closing and reopening cases, legal holds, and deleting a case by hand.

Each function takes the acting user and records its audit event (ids and field
names only). Closing derives the anonymised statistics record unless a directly
affected person withdrew the consent to statistics.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases import statistics
from beistand.cases.choices import CaseStatus
from beistand.cases.models import Case, StatisticsRecord
from beistand.cases.retention import CASE_OBJECT_TYPE, closed_cases
from beistand.cases.shredding import delete_case
from beistand.retention.models import LegalHold
from beistand.retention.registry import Counts

CLOSURE_FIELDS = ["status", "closed_on", "closure_reason", "closure_outcome", "deletion_due_on"]


class StatisticsOutcome(StrEnum):
    RECORDED = "recorded"
    # A directly affected person withdrew the consent to statistics.
    CONSENT_WITHDRAWN = "consent_withdrawn"
    # The case was counted when it was first closed (it has been reopened since).
    ALREADY_COUNTED = "already_counted"


@dataclass(frozen=True)
class Closure:
    """What closing produced: the statistics record, or why there is none."""

    outcome: StatisticsOutcome
    statistics: StatisticsRecord | None = None


@transaction.atomic
def close_case(
    user: Any, case: Case, *, reason: str, outcome: str, closed_on: datetime.date,
    expected_version: int | None,
) -> Closure:
    """Closes the case, sets its deletion date and derives its statistics record.

    Raises StaleEdit (nothing written) when the case changed since the form was loaded.
    """
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.closure_reason, case.closure_outcome = reason, outcome
    case.deletion_due_on = closed_cases.deletion_date(case.centre, closed_on)
    case.save_checked(expected_version, update_fields=[*CLOSURE_FIELDS, "version", "updated_at"])
    record(Action.CHANGE, obj=case, centre_id=case.centre.public_id, fields=CLOSURE_FIELDS, user=user)
    return _count(case)


def _count(case: Case) -> Closure:
    if case.statistics_recorded:
        return Closure(StatisticsOutcome.ALREADY_COUNTED)
    if statistics.statistics_refused(case):
        return Closure(StatisticsOutcome.CONSENT_WITHDRAWN)
    derived = statistics.derive_record(case)
    case.statistics_recorded = True
    case.save(update_fields=["statistics_recorded"])
    return Closure(StatisticsOutcome.RECORDED, derived)


@transaction.atomic
def reopen_case(user: Any, case: Case) -> None:
    """Back to work: active again, no deletion date. The statistics record stays (nothing links it)."""
    case.status = CaseStatus.ACTIVE
    case.closed_on = case.deletion_due_on = None
    case.closure_reason = case.closure_outcome = ""
    case.save_checked(None, update_fields=[*CLOSURE_FIELDS, "version", "updated_at"])
    record(Action.CHANGE, obj=case, centre_id=case.centre.public_id, fields=CLOSURE_FIELDS, user=user)


@transaction.atomic
def place_hold(user: Any, case: Case, reason: str) -> LegalHold:
    hold = LegalHold.objects.create(
        centre_id=case.centre_id, object_type=CASE_OBJECT_TYPE, object_public_id=case.public_id,
        reason=reason, placed_by=user.public_id,
    )
    record(Action.CHANGE, obj=case, centre_id=case.centre.public_id, fields=["legal_hold"], user=user)
    return hold


@transaction.atomic
def lift_hold(user: Any, case: Case, hold: LegalHold) -> None:
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    record(Action.CHANGE, obj=case, centre_id=case.centre.public_id, fields=["legal_hold"], user=user)


def delete_by_hand(user: Any, case: Case) -> Counts:
    """The lead deletes a closed case before its date (e.g. at the person's request)."""
    return delete_case(case, user=user)
