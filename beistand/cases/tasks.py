"""Deadline reminders, run daily by the task worker (retention's daily job enqueues them).

    send_deadline_reminders.enqueue()

Every open deadline whose reminder day has come (`due_on - remind_days_before`)
and that has not been reminded yet gets one notice for whoever is responsible:
the user it is assigned to, else the case's counsellors, else the centre's
leads (so that no deadline goes unnoticed). The notice names the kind, the case
reference and the due date, never what the deadline is about. Running it again
reminds nobody twice: each deadline is claimed by setting `reminded_at` first.

With CASE_DEADLINE_REMINDER_EMAILS = True an installation also sends an e-mail
that says only that a deadline is due in case BU-…, and when.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from beistand.accounts.models import Membership, Role, User
from beistand.audit.context import SYSTEM, acting_as
from beistand.cases import access, notices
from beistand.cases.choices import CaseStatus
from beistand.cases.deadlines import MAX_REMIND_DAYS
from beistand.cases.models import Deadline, NoticeKind

logger = logging.getLogger(__name__)


@task()
def send_deadline_reminders() -> dict[str, int]:
    """Reminds of every deadline whose reminder day has come; returns how many were reminded."""
    with acting_as(role=SYSTEM):
        reminded, emails = remind_due_deadlines(timezone.localdate())
    return {"reminded": reminded, "emails": emails}


def remind_due_deadlines(today: datetime.date) -> tuple[int, int]:
    """(deadlines reminded, e-mails sent) for the reminders due on `today`."""
    reminded, outbox = 0, []
    for deadline in _candidates(today):
        if deadline.due_on - datetime.timedelta(days=deadline.remind_days_before) > today:
            continue
        recipients = _remind(deadline)
        if recipients:
            reminded += 1
            outbox += [(user, deadline) for user in recipients]
    return reminded, _send_emails(outbox)


def _candidates(today: datetime.date) -> Any:
    """Open, not yet reminded deadlines of open cases that could be due for a reminder."""
    latest = today + datetime.timedelta(days=MAX_REMIND_DAYS)
    return (
        Deadline.objects.filter(done_at__isnull=True, reminded_at__isnull=True, due_on__lte=latest)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__centre", "assigned_to")
        .order_by("due_on", "pk")
        .iterator(chunk_size=200)
    )


@transaction.atomic
def _remind(deadline: Deadline) -> list[User]:
    """Claims the deadline and leaves the notices; [] when another run claimed it first."""
    claimed = Deadline.objects.filter(pk=deadline.pk, reminded_at__isnull=True).update(reminded_at=timezone.now())
    if not claimed:
        return []
    recipients = responsible_for(deadline)
    for user in recipients:
        notices.notify(user, NoticeKind.DEADLINE_DUE, deadline.case, due_on=deadline.due_on)
    return recipients


def responsible_for(deadline: Deadline) -> list[User]:
    """The assigned user (if they may still open the case), else its counsellors, else the leads."""
    case = deadline.case
    user = deadline.assigned_to
    if user is not None and access.visible_cases(user).filter(pk=case.pk).exists():
        return [user]
    counsellors = list(case.assigned.filter(is_active=True).order_by("pk"))
    if counsellors:
        return counsellors
    leads = Membership.objects.filter(centre=case.centre, role=Role.LEAD, user__is_active=True)
    return list(User.objects.filter(pk__in=leads.values("user")).order_by("pk"))


def _send_emails(outbox: list[tuple[User, Deadline]]) -> int:
    if not getattr(settings, "CASE_DEADLINE_REMINDER_EMAILS", False):
        return 0
    sent = 0
    for user, deadline in outbox:
        try:
            sent += _send_email(user, deadline)
        except Exception as error:  # one failed address must not stop the others
            logger.warning("deadline reminder e-mail failed: %s", type(error).__name__)
    return sent


def _send_email(user: User, deadline: Deadline) -> int:
    """Only the case reference and the date: e-mail is neither encrypted nor access-checked."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"reference": deadline.case.reference, "date": date_format(deadline.due_on)}
        subject = _("A deadline is due in case %(reference)s") % values
        body = _(
            "A deadline in case %(reference)s is due on %(date)s.\n\n"
            "Sign in to the workspace to see it."
        ) % values
    return send_mail(subject, body, None, [user.email])
