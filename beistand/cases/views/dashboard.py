""""My week" for each counsellor and lead, and marking notices read.

Everything here starts from `access.visible_cases(user)` and the user's own
notices; each list is one query, whatever the number of cases or deadlines
(pinned in test_care_my_week.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from beistand.cases import access, notices
from beistand.cases.choices import CaseStatus
from beistand.cases.deadlines import week_of
from beistand.cases.models import Case, Deadline
from beistand.cases.views.common import caseworker_view, error_summary
from beistand.cases.views.deadlines import back_to
from beistand.contact.queries import waiting_count
from beistand.lib.http import AuthenticatedRequest

# Rows per list: a counsellor's week, not an export.
DEADLINES_ON_PAGE = 200
QUIET_CASES_ON_PAGE = 50
DEFAULT_WEEKS = 4


class WeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Without contact for at least (weeks)"), min_value=1, max_value=52, initial=DEFAULT_WEEKS,
    )

    def weeks_or_default(self) -> int:
        return self.cleaned_data["weeks"] if self.is_valid() else DEFAULT_WEEKS


@caseworker_view
def my_week(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    _monday, sunday = week_of(today)
    weeks_form = WeeksForm(request.GET if "weeks" in request.GET else None)
    weeks = weeks_form.weeks_or_default()
    due = due_deadlines(request.user, until=sunday)
    quiet = cases_without_contact(request.user, weeks=weeks, today=today)
    context = {
        "today": today,
        "sunday": sunday,
        "overdue": [deadline for deadline in due if deadline.due_on < today],
        "this_week": [deadline for deadline in due if deadline.due_on >= today],
        "notices": list(notices.unread(request.user)[: notices.UNREAD_ON_PAGE]),
        "waiting_messages": waiting_count(request.user),
        "quiet_cases": list(quiet[:QUIET_CASES_ON_PAGE]),
        "quiet_count": quiet.count(),
        "weeks": weeks,
        "weeks_form": weeks_form,
        "weeks_errors": error_summary(weeks_form) if weeks_form.is_bound else [],
        "nav": "my_week",
    }
    return render(request, "cases/care/my_week.html", context)


def my_deadlines(user: Any) -> QuerySet[Deadline]:
    """Open deadlines of open cases the user may open, assigned to them or in cases assigned to them."""
    in_my_case = Case.assigned.through.objects.filter(case=OuterRef("case"), user=user)
    open_cases = access.visible_cases(user).exclude(status=CaseStatus.CLOSED)
    return Deadline.objects.filter(case__in=open_cases, done_at__isnull=True).filter(
        Q(assigned_to=user) | Exists(in_my_case)
    )


def due_deadlines(user: Any, *, until: datetime.date) -> list[Deadline]:
    """The user's open deadlines due by `until` (overdue ones included), with titles readable."""
    rows = my_deadlines(user).filter(due_on__lte=until).select_related("case__centre", "data_key__centre")
    return share_keys(list(rows.order_by("due_on", "pk")[:DEADLINES_ON_PAGE]))


def share_keys(rows: list[Deadline]) -> list[Deadline]:
    """Rows of the same case share one case and one data key instance: one unwrap per case."""
    cases: dict[int, Any] = {}
    keys: dict[int, Any] = {}
    for row in rows:
        row.case = cases.setdefault(row.case_id, row.case)
        row.data_key = keys.setdefault(row.data_key_id, row.data_key)
    return rows


def cases_without_contact(user: Any, *, weeks: int, today: datetime.date) -> QuerySet[Case]:
    """Open cases assigned to the user with no contact (or none since opening) for `weeks` weeks."""
    cutoff = today - datetime.timedelta(weeks=weeks)
    quiet = Q(last_contact_on__lt=cutoff) | Q(last_contact_on__isnull=True, opened_on__lt=cutoff)
    mine = access.visible_cases(user).filter(assigned=user).exclude(status=CaseStatus.CLOSED)
    return (
        mine.filter(quiet)
        .only("public_id", "reference", "kind", "status", "opened_on", "last_contact_on")
        .order_by(F("last_contact_on").asc(nulls_first=True), "opened_on", "pk")
    )


def week_summary(user: Any) -> dict[str, int]:
    """How many of the user's deadlines are overdue and due this week (one query), for the start page."""
    today = timezone.localdate()
    _monday, sunday = week_of(today)
    return my_deadlines(user).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        this_week=Count("pk", filter=Q(due_on__gte=today, due_on__lte=sunday)),
    )


@caseworker_view
@require_POST
def notice_read(request: AuthenticatedRequest, notice_id: str) -> HttpResponse:
    """Marks one of the user's own notices read (anybody else's: 404), then back where it was."""
    notices.mark_read(request.user, notice_id)
    return redirect(back_to(request, request.POST.get("next", "")) or "workspace:home")
