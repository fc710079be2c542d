"""The daily job: due data is gone from the database itself; held and young data stays."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent
from beistand.keys.keystore import key_store
from beistand.keys.models import DataKey, Purpose
from beistand.keys.testing import database_holds
from beistand.keys.tests.testmodels import Note
from beistand.retention.jobs import AUDIT_OBJECT_TYPE, run_daily_jobs
from beistand.retention.models import HoldReason, LegalHold, RetentionPolicy
from beistand.retention.registry import DataCategory
from beistand.retention.rules import DaysAfter
from beistand.retention.shredding import shred_rows
from beistand.retention.tasks import daily_jobs

pytestmark = pytest.mark.django_db(transaction=False)


def rows(sql: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def report_of(reports, name):
    return next(report for report in reports if report.category == name)


# --- Audit events -----------------------------------------------------------------------

def test_expired_audit_events_are_gone_from_the_database_file(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    old = timezone.now() - timedelta(days=400)
    with mock.patch("django.utils.timezone.now", return_value=old):
        record(Action.READ, object_type="cases.case", object_id="marker-old-5f1c2a")
    record(Action.READ, object_type="cases.case", object_id="marker-young-7d3e9b")
    assert database_holds("marker-old-5f1c2a")

    reports = run_daily_jobs()

    assert report_of(reports, "audit_events").removed == 1
    cutoff = timezone.now() - timedelta(days=365)
    assert AuditEvent.objects.filter(occurred_at__lt=cutoff).count() == 0
    assert database_holds("marker-old-5f1c2a") == []
    assert database_holds("marker-young-7d3e9b")


# --- Staff sessions ------------------------------------------------------------------------

def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.set_expiry(timezone.now() + expires_in)
    store.save()
    return store.session_key


def test_expired_sessions_are_removed_live_ones_stay():
    expired, live = session(-timedelta(minutes=1)), session(timedelta(minutes=30))

    run_daily_jobs()

    keys = {key for (key,) in rows("SELECT session_key FROM django_session")}
    assert expired not in keys
    assert live in keys


# --- Task results --------------------------------------------------------------------------

def task_result(status: str, finished_days_ago: int | None) -> str:
    now = timezone.now()
    finished = now - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    result = DBTaskResult.objects.create(
        status=status, args_kwargs={"args": ["marker-args"], "kwargs": {}}, task_path="x.y",
        backend_name="default", run_after=now, finished_at=finished, return_value=None,
        exception_class_path="", traceback="",
    )
    return str(result.id)


def test_finished_task_results_older_than_the_period_are_removed(settings):
    settings.RETENTION_DEFAULTS = {**settings.RETENTION_DEFAULTS, "task_results": 14}
    old_done = task_result(TaskResultStatus.SUCCESSFUL, 15)
    old_failed = task_result(TaskResultStatus.FAILED, 30)
    young = task_result(TaskResultStatus.SUCCESSFUL, 2)
    running = task_result(TaskResultStatus.RUNNING, None)

    run_daily_jobs()

    ids = {str(pk).replace("-", "") for (pk,) in rows("SELECT id FROM django_tasks_database_dbtaskresult")}
    assert {young.replace("-", ""), running.replace("-", "")} <= ids
    assert not {old_done.replace("-", ""), old_failed.replace("-", "")} & ids


# --- Cache entries --------------------------------------------------------------------------

def test_expired_cache_rows_are_removed():
    cache.set("throttle-expired", "marker-cache", 60)
    cache.set("throttle-live", "x", 3600)

    run_daily_jobs(now=timezone.now() + timedelta(minutes=5))

    keys = {key for (key,) in rows("SELECT cache_key FROM beistand_cache")}
    assert not any(key.endswith("throttle-expired") for key in keys)
    assert any(key.endswith("throttle-live") for key in keys)


# --- A per-centre, holdable category of encrypted rows (the shape of cases) ------------------

class Notes(DataCategory):
    name = "test_notes"
    description = "encrypted notes of the key tests"
    rule = DaysAfter()
    default_days = 100
    minimum_days = 10
    per_centre = True
    hold_object_type = "keys_tests.note"

    def due(self, run):
        return run.older_than(Note.objects.all(), "data_key__created_at", centre_field="data_key__centre")

    def shred(self, due, run):
        return shred_rows(due)


@pytest.fixture
def note_of(encrypted_test_tables, db):
    def make(centre, days_old: int, text: str) -> Note:
        key = DataKey.create(Purpose.CASE, centre=centre)
        DataKey.objects.filter(pk=key.pk).update(created_at=timezone.now() - timedelta(days=days_old))
        return Note.objects.create(data_key=key, text=text)

    return make


def test_holds_and_centre_periods_decide_what_is_shredded(registered, note_of, backup, rheinland, alice):
    registered(Notes())
    RetentionPolicy.objects.create(centre=rheinland, category="test_notes", days=30)
    due = note_of(backup, 150, "due at BackUp")
    young = note_of(backup, 50, "young at BackUp")
    held = note_of(backup, 150, "held at BackUp")
    due_by_policy = note_of(rheinland, 50, "due under Rheinland's own period")
    LegalHold.objects.create(centre=backup, object_type="keys_tests.note", object_public_id=held.public_id,
                             reason=HoldReason.PROCEEDINGS, placed_by=alice.public_id)

    report = report_of(run_daily_jobs(), "test_notes")

    assert (report.removed, report.held, report.counts["keys"]) == (2, 1, 2)
    assert set(Note.objects.values_list("pk", flat=True)) == {young.pk, held.pk}
    for gone in (due, due_by_policy):
        key = DataKey.objects.get(pk=gone.data_key_id)
        assert key.wrapped_key is None
        assert not key_store().contains(key.public_id)
    for kept in (young, held):
        assert key_store().contains(DataKey.objects.get(pk=kept.data_key_id).public_id)
    assert Note.objects.get(pk=young.pk).text == "young at BackUp"


def test_a_lifted_hold_no_longer_keeps_anything(registered, note_of, backup, alice):
    registered(Notes())
    note = note_of(backup, 150, "held, then lifted")
    LegalHold.objects.create(centre=backup, object_type="keys_tests.note", object_public_id=note.public_id,
                             reason=HoldReason.MINOR, placed_by=alice.public_id, lifted_at=timezone.now())

    assert report_of(run_daily_jobs(), "test_notes").removed == 1
    assert not Note.objects.filter(pk=note.pk).exists()


# --- The job as a whole ----------------------------------------------------------------------

class Failing(DataCategory):
    name = "aaa_failing"  # sorts first: the others run after it
    description = "always fails"
    rule = DaysAfter()
    default_days = 1

    def shred(self, due, run):
        session(-timedelta(days=1))  # written, then rolled back with the failure
        raise RuntimeError("marker-in-error-message")


def test_a_failing_category_is_reported_and_the_others_still_run(registered):
    registered(Failing())
    expired = session(-timedelta(minutes=1))

    reports = run_daily_jobs()

    failing = report_of(reports, "aaa_failing")
    assert failing.error == "RuntimeError"
    assert report_of(reports, "staff_sessions").removed == 1
    assert not rows("SELECT 1 FROM django_session WHERE session_key = %s", [expired])
    assert AuditEvent.objects.filter(object_type=AUDIT_OBJECT_TYPE, object_id="aaa_failing",
                                     fields=["failed"]).exists()


def test_the_command_prints_a_table_and_fails_when_a_category_failed(registered):
    registered(Failing())
    out = StringIO()
    with pytest.raises(CommandError, match="aaa_failing"):
        call_command("run_daily_jobs", stdout=out)
    table = out.getvalue()
    assert "staff_sessions" in table
    assert "RuntimeError" in table
    assert "marker-in-error-message" not in table


def test_the_command_succeeds_when_all_ran():
    session(-timedelta(minutes=1))
    out = StringIO()
    call_command("run_daily_jobs", stdout=out)
    assert any(line.split()[:2] == ["staff_sessions", "1"] for line in out.getvalue().splitlines())


def test_one_technical_audit_event_per_category_with_counts():
    session(-timedelta(minutes=1))
    run_daily_jobs()
    events = AuditEvent.objects.filter(object_type=AUDIT_OBJECT_TYPE)
    assert sorted(events.values_list("object_id", flat=True)) == [
        "audit_events", "cache_entries", "closed_cases", "inactive_conversations", "staff_sessions",
        "task_results"]
    sessions = events.get(object_id="staff_sessions")
    assert (sessions.category, sessions.action, sessions.actor_role) == ("technical", "delete", "system")
    assert sessions.fields == ["held:0", "removed:1"]


def test_running_twice_removes_nothing_more(registered, note_of, backup, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    registered(Notes())
    note_of(backup, 150, "due")
    session(-timedelta(minutes=1))
    task_result(TaskResultStatus.SUCCESSFUL, 20)
    now = timezone.now()

    first = {report.category: report.removed for report in run_daily_jobs(now)}
    second = {report.category: report.removed for report in run_daily_jobs(now)}

    assert first["test_notes"] == first["staff_sessions"] == first["task_results"] == 1
    assert set(second.values()) == {0}


def test_the_task_runs_the_job_and_fails_after_running_all(registered):
    expired = session(-timedelta(minutes=1))
    assert daily_jobs.enqueue().return_value["staff_sessions"] == {"removed": 1, "held": 0}
    assert not rows("SELECT 1 FROM django_session WHERE session_key = %s", [expired])

    registered(Failing())
    assert daily_jobs.enqueue().status == TaskResultStatus.FAILED
