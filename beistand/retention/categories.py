"""The data categories that exist today. Cases and conversations register theirs in their apps."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from beistand.audit.retention import MINIMUM_RETENTION_DAYS, purge_expired_events
from beistand.retention.jobs import Run
from beistand.retention.registry import Counts, DataCategory, register
from beistand.retention.rules import DaysAfter, OwnExpiry

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


class AuditEvents(DataCategory):
    """Delegates to the audit log's own purge, the only code that deletes audit events."""

    name = "audit_events"
    description = _("Audit events: removed after the audit log's retention period.")
    rule = DaysAfter()
    minimum_days = MINIMUM_RETENTION_DAYS

    def days(self, centre_days: int | None = None) -> int | None:
        # The purge reads BEISTAND_AUDIT_RETENTION_DAYS itself; report the same figure.
        return settings.AUDIT_RETENTION_DAYS

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        return {"removed": purge_expired_events(run.now)}


class StaffSessions(DataCategory):
    """Expired sessions still hold user ids and flash messages ("signed in as Lena")."""

    name = "staff_sessions"
    description = _("Expired staff sessions: removed once they have expired.")
    rule = OwnExpiry()

    def due(self, run: Run) -> QuerySet[Any]:
        return Session.objects.filter(expire_date__lt=run.cutoff())

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        assert due is not None  # noqa: S101 -- due() always gives a queryset
        removed, _by_model = due.delete()
        return {"removed": removed}


class TaskResults(DataCategory):
    """Finished background tasks: their arguments and return values must not stay forever."""

    name = "task_results"
    description = _("Results of finished background tasks: removed after a few days.")
    rule = DaysAfter()
    default_days = 14
    minimum_days = 1

    def due(self, run: Run) -> QuerySet[Any]:
        # Only finished ones: a task still queued or running (this job's own) stays.
        return run.older_than(DBTaskResult.objects.finished(), "finished_at")

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        assert due is not None  # noqa: S101 -- due() always gives a queryset
        removed, _by_model = due.delete()
        return {"removed": removed}


class CacheEntries(DataCategory):
    """Expired rows of the database cache (the login throttle), which Django removes only lazily."""

    name = "cache_entries"
    description = _("Expired entries of the shared cache: removed once they have expired.")
    rule = OwnExpiry()

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        # Django stores the expiry without microseconds, adapted for the database (see DatabaseCache._cull).
        expiry = connection.ops.adapt_datetimefield_value(run.cutoff().replace(microsecond=0))
        removed = 0
        with connection.cursor() as cursor:
            for table in database_cache_tables():
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"DELETE FROM {quoted} WHERE expires < %s", [expiry])  # noqa: S608 -- table name from settings, quoted
                removed += cursor.rowcount
        return {"removed": removed}


def database_cache_tables() -> list[str]:
    return sorted({
        cache["LOCATION"] for cache in settings.CACHES.values() if cache.get("BACKEND") == DATABASE_CACHE
    })


for _category in (AuditEvents(), StaffSessions(), TaskResults(), CacheEntries()):
    register(_category)
