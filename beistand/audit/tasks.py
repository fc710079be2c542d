"""Background tasks of the audit log, run by the django-tasks database worker."""

from __future__ import annotations

from django_tasks import task

from beistand.audit.retention import purge_expired_events


@task()
def purge_audit_events() -> int:
    """The daily purge of expired audit events; returns how many were removed."""
    return purge_expired_events()
