"""Deleting a case is real: after it, the database file, the media storage and any backup
taken before hold nothing readable of the case — only its anonymised statistics record stays.

The same full case (every kind of record, each with a marker) is deleted twice:
by the centre lead by hand, and by the daily retention job after its deletion date.
"""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from beistand.audit.models import Action, AuditEvent
from beistand.cases.actions import closure as actions
from beistand.cases.choices import ClosureOutcome, ClosureReason
from beistand.cases.models import (
    Case,
    Notice,
    NoticeKind,
    Person,
    StatisticsIncident,
    StatisticsRecord,
)
from beistand.cases.tests.test_closure_fixtures import (  # noqa: F401 -- english, private_media are fixtures
    FILE_BYTES,
    FullCase,
    build_full_case,
    english,
    private_media,
)
from beistand.keys import models as key_models
from beistand.keys.models import DataKey
from beistand.keys.testing import database_holds
from beistand.lib.crypto import KeyDestroyed, associated_data, unwrap_key
from beistand.network.tests.factories import post
from beistand.retention.jobs import run_daily_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Rows that outlive a deleted case by design: the anonymised record, the code lists,
# the centre's reference counter, and notices (which keep the reference as text only).
KEPT_MODELS = {"statisticsrecord", "statisticsincident", "codelist", "code", "codemapping", "casecounter", "notice"}


def close(full: FullCase, user) -> None:
    actions.close_case(
        user, full.case, reason=ClosureReason.GOALS_REACHED, outcome=ClosureOutcome.STABILISED,
        closed_on=timezone.localdate(), expected_version=None,
    )


@pytest.fixture
def full(backup, alice, lena) -> FullCase:
    built = build_full_case(backup, assigned=[alice])
    close(built, alice)
    return built


@pytest.fixture
def new_process(monkeypatch):
    """Forget what this process saw being shredded, as a freshly started server would."""
    return lambda: monkeypatch.setattr(key_models, "_shredded_here", set())


def image() -> bytes:
    connection.ensure_connection()
    return connection.connection.serialize()


def open_note_from(image_bytes: bytes, full: FullCase) -> str:
    """What an attacker with a database backup and the master keys gets from a session note."""
    with sqlite3.connect(":memory:") as copy:
        copy.deserialize(image_bytes)
        wrapped, version, created = copy.execute(
            "SELECT wrapped_key, master_key_version, created_at FROM keys_datakey WHERE id = ?",
            [full.case.data_key_id],
        ).fetchone()
        public_id, blob = copy.execute(
            "SELECT public_id, note FROM cases_counsellingsession WHERE mode = 'outreach_home' AND case_id = ?",
            [full.case.pk],
        ).fetchone()
    key = DataKey(public_id=full.case.data_key.public_id, purpose=full.case.data_key.purpose,
                  centre=full.case.centre, wrapped_key=wrapped, master_key_version=version,
                  created_at=datetime.datetime.fromisoformat(created).replace(tzinfo=datetime.UTC))
    aad = associated_data("cases.counsellingsession", "note", uuid.UUID(public_id), full.case.centre.public_id)
    return key.open(blob, aad).decode()


def assert_nothing_left(full: FullCase) -> None:
    for name, marker in {**full.markers, **full.plain_markers}.items():
        assert not database_holds(marker), f"the {name} marker is still in the database file"
    stored = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert not stored, f"files left in the storage: {stored}"
    for model in apps.get_app_config("cases").get_models():
        if model._meta.model_name not in KEPT_MODELS:
            assert not model._base_manager.exists(), f"{model._meta.label} rows are left"
    assert not Notice.objects.filter(case__isnull=False).exists()
    assert DataKey.objects.get(pk=full.case.data_key_id).is_destroyed
    for link in (full.affected, full.witness):
        assert DataKey.objects.get(pk=link.person.data_key_id).is_destroyed
    assert DataKey.objects.get(pk=full.incident.data_key_id).is_destroyed


def assert_statistics_kept() -> None:
    record = StatisticsRecord.objects.get()
    assert record.sessions == 2 and record.outreach_sessions == 1
    assert StatisticsIncident.objects.filter(record=record).count() == 1


def test_the_lead_deletes_a_closed_case_and_only_the_statistics_record_stays(
    full, lena, client_for, new_process, django_capture_on_commit_callbacks
):
    # Given: the markers really reach the database (plaintext court name) and the storage
    assert database_holds(full.plain_markers["court"])
    stored = [Path(settings.MEDIA_ROOT, name).read_bytes() for name in full.stored_files]
    assert stored and all(FILE_BYTES not in content for content in stored)  # sealed, but there
    # The backup image is a copy of the SQLite file; on PostgreSQL the marker search and the destroyed key stand.
    before = image() if connection.vendor == "sqlite" else None
    if before is not None:
        assert open_note_from(before, full) == full.markers["session_note"]  # the backup reads, for now

    # When: Lena types the reference and deletes the case
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(lena), reverse("cases:case_delete", args=[full.case.public_id]),
                        {"reference": full.case.reference.lower()})

    # Then
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_list")
    assert_nothing_left(full)
    assert_statistics_kept()
    if before is None:
        return
    new_process()
    with pytest.raises(KeyDestroyed):
        open_note_from(before, full)  # the backup taken before the deletion is unreadable now
    # The attacker's position: the master keys still unwrap what the backup holds, but that is not the key.
    assert unwrap_key(settings.MASTER_KEYS, bytes(_wrapped_in(before, full)), full.case.data_key.wrapping_aad())


def _wrapped_in(image_bytes: bytes, full: FullCase) -> bytes:
    with sqlite3.connect(":memory:") as copy:
        copy.deserialize(image_bytes)
        return copy.execute("SELECT wrapped_key FROM keys_datakey WHERE id = ?", [full.case.data_key_id]).fetchone()[0]


def test_the_daily_job_deletes_the_case_after_its_deletion_date(full, django_capture_on_commit_callbacks):
    due_on = Case.objects.get(pk=full.case.pk).deletion_due_on
    day_before = timezone.make_aware(datetime.datetime.combine(due_on - datetime.timedelta(days=1), datetime.time(3)))

    run_daily_jobs(now=day_before)
    assert Case.objects.filter(pk=full.case.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        reports = run_daily_jobs(now=day_before + datetime.timedelta(days=1))

    report = next(report for report in reports if report.category == "closed_cases")
    assert (report.removed, report.error) == (1, "")
    assert report.counts["files"] == 2 and report.counts["keys"] >= 3
    assert_nothing_left(full)
    assert_statistics_kept()


def test_the_daily_job_leaves_a_held_case(full, alice):
    actions.place_hold(alice, full.case, "proceedings")
    due = timezone.make_aware(datetime.datetime.combine(full.case.deletion_due_on, datetime.time(3)))
    report = next(report for report in run_daily_jobs(now=due) if report.category == "closed_cases")
    assert (report.removed, report.held) == (0, 1)
    assert Case.objects.get(pk=full.case.pk).title == full.markers["title"]


def test_persons_and_incidents_another_case_links_stay(full, backup, alice, django_capture_on_commit_callbacks):
    other = build_full_case(backup, assigned=[alice])
    other.case.participants.create(person=full.affected.person, role="affected")
    full.incident.cases.add(other.case)

    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_by_hand(alice, Case.objects.get(pk=full.case.pk))

    kept = Person.objects.get(pk=full.affected.person.pk)
    assert kept.pseudonym == full.markers["pseudonym"]
    assert not Person.objects.filter(pk=full.witness.person.pk).exists()
    assert other.case.incidents.get(pk=full.incident.pk).description == full.markers["description"]
    assert Case.objects.get(pk=other.case.pk).title == other.markers["title"]


def test_the_leads_are_told_by_reference_and_the_audit_log_has_ids_only(full, lena, alice):
    actions.delete_by_hand(alice, full.case)

    notice = Notice.objects.get(kind=NoticeKind.CASE_DELETED)
    assert (notice.recipient, notice.reference, notice.case) == (lena, full.case.reference, None)
    deleted = AuditEvent.objects.filter(action=Action.DELETE, object_type="cases.case").get()
    assert deleted.object_id == str(full.case.public_id) and deleted.fields == []
    shredded = set(AuditEvent.objects.filter(action=Action.SHRED).values_list("object_id", flat=True))
    assert str(full.case.data_key.public_id) in shredded
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="cases.person").count() == 2
