"""manage.py purge_audit: remove audit events older than the retention period now."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from beistand.audit.retention import purge_expired_events


class Command(BaseCommand):
    help = "Removes audit events older than BEISTAND_AUDIT_RETENTION_DAYS (at least 30 days)."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = purge_expired_events()
        self.stdout.write(
            f"Removed {removed} audit event(s) older than {settings.AUDIT_RETENTION_DAYS} days."
        )
