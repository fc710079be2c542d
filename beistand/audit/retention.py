"""The audit log's own retention period: events older than it are removed daily.

`purge_expired_events` is the only code that deletes audit events. The daily
job runner calls it through the task `beistand.audit.tasks.purge_audit_events`;
`manage.py purge_audit` runs it by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from beistand.audit.append_only import purge_permitted
from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent, Category

# The database function refuses to go below this too (migration 0003), so a
# misconfigured or compromised application cannot erase the most recent month.
MINIMUM_RETENTION_DAYS = 30


def purge_expired_events(now: datetime | None = None) -> int:
    """Removes the events older than settings.AUDIT_RETENTION_DAYS; returns how many.

    `now` is the job's time (default: the current time); a `now` in the future
    never removes events younger than the minimum period.
    """
    cutoff = expiry_cutoff(now)
    removed = _delete_before(cutoff)
    if removed:
        # The purge itself is on the record: when, by whom (the system), what kind.
        record(Action.DELETE, object_type=AuditEvent._meta.label_lower, category=Category.TECHNICAL)
    return removed


def expiry_cutoff(now: datetime | None = None) -> datetime:
    days = max(settings.AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)
    latest_allowed = timezone.now() - timedelta(days=MINIMUM_RETENTION_DAYS)
    return min((now or timezone.now()) - timedelta(days=days), latest_allowed)


def _delete_before(cutoff: datetime) -> int:
    if connection.vendor == "postgresql":
        # The application's role holds no DELETE on the table; this function
        # (SECURITY DEFINER, owned by the migrating role) does it for it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_purge_expired(%s)", [cutoff])
            return int(cursor.fetchone()[0])
    with purge_permitted():
        removed, _by_model = AuditEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return removed
