"""In-app notices for staff: created, listed, marked read. Never with content.

A notice carries its kind, the case reference, a date where the kind has one,
and a link to the case; what a deadline is about, who the person is or what a
message says stays in the case, behind its access checks.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from beistand.cases.models import Case, Notice, NoticeKind

# How many unread notices a page lists (the oldest are further down in "my week").
UNREAD_ON_PAGE = 20


def notify(
    recipient: Any, kind: NoticeKind | str, case: Case, *, due_on: datetime.date | None = None
) -> Notice:
    """One notice for one staff member about one case (by reference only)."""
    return Notice.objects.create(
        recipient=recipient, centre=case.centre, kind=kind, reference=case.reference, case=case, due_on=due_on,
    )


def unread(user: Any) -> QuerySet[Notice]:
    """The user's unread notices, newest first."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).select_related("case")


def mark_read(user: Any, public_id: uuid.UUID | str) -> Notice:
    """Marks one of the user's own notices read; anybody else's is a 404, like a missing one."""
    try:
        notice = Notice.objects.get(recipient=user, public_id=public_id)
    except (Notice.DoesNotExist, ValueError) as missing:
        raise Http404("no such notice") from missing
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
