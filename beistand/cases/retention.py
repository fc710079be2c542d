"""Retention of case work: closed cases are deleted for real once their deletion date has passed.

Closing a case sets its deletion date from the category's rule (by default 3
years after the end of the year it closed; a centre's RetentionPolicy may set
its own period). The daily job (retention.jobs) asks `due()` for the closed
cases whose date has passed, leaves out those under an active legal hold and
hands the rest to `shred()`, which deletes each one with shredding.delete_case.
The date is fixed when the case closes: a centre that changes its period later
changes the dates of cases closed from then on.

Registered in CasesConfig.ready().
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.accounts.models import Membership, Role
from beistand.cases.choices import CaseStatus
from beistand.cases.models import Case, CasePerson
from beistand.retention.jobs import Run
from beistand.retention.models import LegalHold, RetentionPolicy
from beistand.retention.registry import Counts, DataCategory, register
from beistand.retention.rules import AfterEndOfYear

CASE_OBJECT_TYPE = "cases.case"


class ClosedCases(DataCategory):
    name = "closed_cases"
    description = _(
        "Closed cases with their persons and incidents: deleted 3 years after the end of the year "
        "they were closed."
    )
    rule = AfterEndOfYear()
    default_days = 3 * 365
    per_centre = True
    hold_object_type = CASE_OBJECT_TYPE

    def due(self, run: Run) -> QuerySet[Any]:
        return Case.objects.filter(
            status=CaseStatus.CLOSED, deletion_due_on__lte=timezone.localdate(run.now)
        )

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        from beistand.cases.shredding import delete_case

        assert due is not None  # noqa: S101 -- due() always gives a queryset
        totals: Counts = {"removed": 0}
        for case in due.select_related("centre", "data_key"):
            for name, count in delete_case(case).items():
                totals[name] = totals.get(name, 0) + count
            totals["removed"] += 1
        return totals

    def deletion_date(self, centre: Any, closed_on: datetime.date) -> datetime.date:
        """The first day on which the rule's cutoff lies after the closing date.

        AfterEndOfYear counts whole years of 365 days after the end of the year
        of closing: closed in 2026 with 1095 days, due on 1 January 2030.
        """
        policy = RetentionPolicy.objects.filter(centre=centre, category=self.name).first()
        years = (self.days(policy.days if policy else None) or 0) // 365
        return datetime.date(closed_on.year + years + 1, 1, 1)


closed_cases = ClosedCases()
register(closed_cases)


def active_holds(case: Case) -> QuerySet[LegalHold]:
    return LegalHold.objects.active().filter(object_type=CASE_OBJECT_TYPE, object_public_id=case.public_id)


class ClosureState:
    """What the closure section of the case page shows, worked out once per page (Case.closure_state)."""

    def __init__(self, case: Case) -> None:
        self.case = case

    @cached_property
    def holds(self) -> list[LegalHold]:
        return list(active_holds(self.case).order_by("placed_at"))

    @property
    def is_held(self) -> bool:
        return bool(self.holds)

    @cached_property
    def lead_ids(self) -> set[int]:
        """The accounts that lead the case's centre: they reopen, lift holds and delete."""
        leads = Membership.objects.filter(centre_id=self.case.centre_id, role=Role.LEAD, user__is_active=True)
        return set(leads.values_list("user_id", flat=True))

    @cached_property
    def participants(self) -> list[CasePerson]:
        """The persons of the case, for the links to their data-access exports."""
        return list(
            CasePerson.objects.filter(case=self.case).select_related("person__data_key__centre").order_by("pk")
        )

    @property
    def may_be_deleted(self) -> bool:
        return self.case.is_closed and not self.is_held
