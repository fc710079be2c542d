"""The audit log's own retention period: the daily purge removes what is older, nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent
from beistand.audit.retention import expiry_cutoff, purge_expired_events
from beistand.audit.tasks import purge_audit_events

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[3]


def event_aged(days: int, action: Action = Action.READ) -> AuditEvent:
    """An event written `days` ago (occurred_at is set on insert and can never be changed)."""
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days)):
        return record(action, object_type="cases.case", object_id=f"aged-{days}")


def remaining() -> set[str]:
    return set(AuditEvent.objects.exclude(action=Action.DELETE).values_list("object_id", flat=True))


def test_events_older_than_the_period_are_removed(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    for days in (0, 100, 364, 366, 800):
        event_aged(days)

    assert purge_expired_events() == 2

    assert remaining() == {"aged-0", "aged-100", "aged-364"}


def test_the_purge_is_itself_recorded_as_a_technical_event_of_the_system(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    event_aged(40)
    purge_expired_events()
    purge = AuditEvent.objects.get(action=Action.DELETE)
    assert purge.object_type == "audit.auditevent"
    assert purge.category == "technical"
    assert purge.actor_role == "system"


def test_nothing_due_leaves_no_purge_event(settings):
    event_aged(3)
    assert purge_expired_events() == 0
    assert AuditEvent.objects.count() == 1


def test_never_younger_than_thirty_days_whatever_the_settings_or_clock(settings):
    settings.AUDIT_RETENTION_DAYS = 1
    for days in (2, 29, 31):
        event_aged(days)

    assert purge_expired_events(now=timezone.now() + timedelta(days=3650)) == 1

    assert remaining() == {"aged-2", "aged-29"}


def test_the_cutoff_follows_the_given_time(settings):
    settings.AUDIT_RETENTION_DAYS = 730
    now = timezone.now() - timedelta(days=10)
    assert expiry_cutoff(now) == now - timedelta(days=730)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the purge function is PostgreSQL's")
def test_the_database_function_clamps_the_cutoff_too():
    """Someone holding the application's database role cannot erase the last 30 days."""
    event_aged(31)
    event_aged(5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_purge_expired(now() + interval '1 year')")
        assert cursor.fetchone()[0] == 1
    assert remaining() == {"aged-5"}
    # The function leaves no permit behind in the transaction.
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_the_task_runs_the_purge(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    event_aged(31)
    result = purge_audit_events.enqueue()
    assert result.return_value == 1
    assert remaining() == set()


def test_the_management_command_says_how_many(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    event_aged(91)
    event_aged(89)
    out = StringIO()
    call_command("purge_audit", stdout=out)
    assert "Removed 1 audit event(s) older than 90 days." in out.getvalue()
    assert remaining() == {"aged-89"}


@pytest.mark.parametrize(("value", "ok"), [("29", False), ("thirty", False), ("30", True), ("", True)])
def test_retention_setting_is_parsed_strictly(value, ok):
    env = {**os.environ, "BEISTAND_ENV": "test", "BEISTAND_AUDIT_RETENTION_DAYS": value}
    code = "from django.conf import settings; print(settings.AUDIT_RETENTION_DAYS)"
    result = subprocess.run(  # noqa: S603 -- our own settings with a fixed argument
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT, env={**env, "DJANGO_SETTINGS_MODULE": "beistand.settings"},
        capture_output=True, text=True, timeout=60, check=False,
    )
    if ok:
        assert result.stdout.strip() == (value or "730")
    else:
        assert result.returncode != 0
        assert "BEISTAND_AUDIT_RETENTION_DAYS" in result.stderr
