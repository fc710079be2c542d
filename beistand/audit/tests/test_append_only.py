"""The database itself refuses to change or delete audit events; only the purge gets through.

Every test here runs on whichever database the suite runs on (SQLite by
default, PostgreSQL with DATABASE_URL): CI runs both.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from beistand.audit.append_only import purge_permitted
from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(backup):
    return [record(Action.READ, obj=backup, centre_id=backup.public_id, fields=["name"]) for _ in range(3)]


def refused(change) -> None:
    """Runs `change` in a savepoint (a refused statement must not break the test's
    transaction on PostgreSQL) and asserts that the database refused it."""
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        change()


def test_queryset_update_is_refused(events):
    refused(lambda: AuditEvent.objects.filter(pk=events[0].pk).update(action=Action.CHANGE))
    refused(lambda: AuditEvent.objects.update(fields=[]))
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {Action.READ}


def test_queryset_delete_is_refused(events):
    refused(lambda: AuditEvent.objects.filter(pk=events[0].pk).delete())
    refused(lambda: AuditEvent.objects.all().delete())
    assert AuditEvent.objects.count() == 3


def test_saving_or_deleting_one_event_is_refused(events):
    event = events[0]
    event.object_id = "something else"
    refused(event.save)
    refused(events[1].delete)
    assert AuditEvent.objects.count() == 3


def test_raw_sql_is_refused_too(events):
    def update() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET actor_role = 'admin'")

    def delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")

    refused(update)
    refused(delete)
    assert AuditEvent.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(events):
    def truncate() -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent")

    refused(truncate)
    assert AuditEvent.objects.count() == 3


def test_the_purge_permit_lets_deletes_through_and_ends_with_its_transaction(events):
    with purge_permitted():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    assert AuditEvent.objects.count() == 2
    # Outside the block the triggers refuse again ...
    refused(lambda: AuditEvent.objects.filter(pk=events[1].pk).delete())
    # ... and updates are never allowed, not even inside it.
    refused(_update_inside_permit)
    assert AuditEvent.objects.count() == 2


def _update_inside_permit() -> None:
    with purge_permitted():
        AuditEvent.objects.update(action=Action.CHANGE)


def test_a_failed_purge_leaves_no_permit_behind(events):
    with pytest.raises(RuntimeError), purge_permitted():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
        raise RuntimeError("the purge failed half-way")
    assert AuditEvent.objects.count() == 3
    refused(lambda: AuditEvent.objects.all().delete())


def test_inserting_stays_possible(events):
    record(Action.LOGIN)
    assert AuditEvent.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_log_with_everything_else(backup):
    """flush (between transactional tests, development resets) is the owner's way past."""
    record(Action.READ, obj=backup, centre_id=backup.public_id)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    refused_after_flush = record(Action.READ, obj=None)
    refused(lambda: AuditEvent.objects.filter(pk=refused_after_flush.pk).delete())
