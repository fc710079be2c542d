"""Deadline reminders through the real task backend: who gets a notice, when, once, and without content."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus

from beistand.accounts.models import Membership
from beistand.cases.choices import CaseStatus, DeadlineKind
from beistand.cases.models import Deadline, Notice, NoticeKind
from beistand.cases.tasks import send_deadline_reminders
from beistand.cases.testing import make_case
from beistand.retention.tasks import daily_jobs

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def deadline(case, *, due_in: int, remind: int = 3, **fields) -> Deadline:
    made = Deadline(case=case, kind=DeadlineKind.TASK, due_on=TODAY() + datetime.timedelta(days=due_in),
                    remind_days_before=remind, title=fields.pop("title", "Markeraufgabe"), **fields)
    made.save()
    return made


def reminders(**filters):
    """The deadline notices (creating or assigning a case leaves notices of its own)."""
    return Notice.objects.filter(kind=NoticeKind.DEADLINE_DUE, **filters)


def run() -> dict:
    result = send_deadline_reminders.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    return result.return_value


def test_deadlines_whose_reminder_day_has_come_get_one_notice_without_content(backup, alice):
    case = make_case(backup, assigned=[alice])
    soon = deadline(case, due_in=2, remind=3)
    overdue = deadline(case, due_in=-1, remind=0)
    deadline(case, due_in=10, remind=3)  # not yet
    deadline(case, due_in=1, done_at=timezone.now())  # done
    closed = make_case(backup, assigned=[alice], status=CaseStatus.CLOSED, closed_on=TODAY())
    deadline(closed, due_in=1)  # closed case

    assert run() == {"reminded": 2, "emails": 0}

    notices = reminders(recipient=alice).order_by("due_on")
    assert [(n.kind, n.reference, n.case, n.due_on, n.centre) for n in notices] == [
        (NoticeKind.DEADLINE_DUE, case.reference, case, overdue.due_on, backup),
        (NoticeKind.DEADLINE_DUE, case.reference, case, soon.due_on, backup),
    ]
    stored = [value for n in notices.values() for value in n.values()]
    assert not [value for value in stored if "Markeraufgabe" in str(value)]
    soon.refresh_from_db()
    assert soon.reminded_at is not None


def test_running_again_reminds_nobody_twice(backup, alice):
    deadline(make_case(backup, assigned=[alice]), due_in=0)
    assert run()["reminded"] == 1
    assert run()["reminded"] == 0
    assert reminders().count() == 1


def test_the_responsible_user_then_the_counsellors_then_the_leads(backup, alice, bob, lena):
    both = make_case(backup, assigned=[alice, bob])
    deadline(both, due_in=0, assigned_to=bob)
    deadline(both, due_in=0)
    orphan = make_case(backup)
    deadline(orphan, due_in=0)
    run()
    assert sorted(reminders(case=both).values_list("recipient__display_name", flat=True)) == [
        "Alice", "Bob", "Bob"]
    assert list(reminders(case=orphan).values_list("recipient__display_name", flat=True)) == ["Lena"]


def test_someone_who_left_the_centre_is_not_reminded(backup, alice, bob):
    case = make_case(backup, assigned=[alice])
    deadline(case, due_in=0, assigned_to=bob)
    Membership.objects.filter(user=bob).delete()
    run()
    assert list(reminders().values_list("recipient__display_name", flat=True)) == ["Alice"]


def test_the_optional_email_names_only_the_case_and_the_date(backup, alice, settings, mailoutbox):
    settings.CASE_DEADLINE_REMINDER_EMAILS = True
    case = make_case(backup, assigned=[alice])
    deadline(case, due_in=1)
    assert run() == {"reminded": 1, "emails": 1}
    [mail] = mailoutbox
    assert mail.to == [alice.email]
    assert case.reference in mail.subject and case.reference in mail.body
    assert "Markeraufgabe" not in mail.subject + mail.body


def test_no_email_unless_the_installation_asks_for_it(backup, alice, mailoutbox):
    deadline(make_case(backup, assigned=[alice]), due_in=1)
    run()
    assert mailoutbox == []


def test_the_daily_job_runs_the_reminders(backup, alice):
    case = make_case(backup, assigned=[alice])
    deadline(case, due_in=1)
    call_command("run_daily_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert reminders(recipient=alice, case=case).count() == 1
    deadline(case, due_in=2)
    assert daily_jobs.enqueue().status == TaskResultStatus.SUCCESSFUL
    assert reminders(recipient=alice, case=case).count() == 2
