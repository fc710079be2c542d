"""Creating, changing and completing deadlines. Audit events name fields, never their values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.models import Case, Deadline


@transaction.atomic
def create_deadline(actor: Any, case: Case, deadline: Deadline, *, fields: Iterable[str]) -> Deadline:
    """Saves a new deadline (built by the form, not saved yet) into the case."""
    deadline.case = case
    deadline.save()
    record(Action.CREATE, obj=deadline, centre_id=case.centre.public_id, fields=fields, user=actor)
    return deadline


def update_deadline(
    actor: Any,
    deadline: Deadline,
    *,
    fields: Iterable[str],
    saved_due_on: datetime.date | None,
    expected_version: int | None,
) -> Deadline:
    """Saves an edited deadline; StaleEdit when someone saved it since the form was loaded.

    `saved_due_on` is the due date before the edit: a deadline that moved is reminded again.
    """
    changed = set(fields) - {"due_on"}
    with transaction.atomic():
        if deadline.due_on != saved_due_on:
            changed.add("due_on")
            deadline.reminded_at = None
        deadline.save_checked(expected_version)
        if changed:
            record(Action.CHANGE, obj=deadline, centre_id=deadline.case.centre.public_id,
                   fields=changed, user=actor)
    return deadline


def set_done(actor: Any, deadline: Deadline, done: bool) -> bool:
    """Marks a deadline done, or open again. False when it already was."""
    if deadline.is_done == done:
        return False
    with transaction.atomic():
        deadline.done_at = timezone.now() if done else None
        # No expected version: "done" means the same whatever else changed, but an
        # edit form loaded before it is refused afterwards (the version moves on).
        deadline.save_checked(None)
        record(Action.CHANGE, obj=deadline, centre_id=deadline.case.centre.public_id,
               fields=["done_at"], user=actor)
    return True
