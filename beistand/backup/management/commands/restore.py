"""manage.py restore: replace the database with a verified backup archive."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.backup.archive import BackupError, check_compatible, restore_backup, verify_archive


class Command(BaseCommand):
    help = (
        "Replace the database with the one in ARCHIVE (written by `manage.py backup`). The "
        "archive is checked completely first (manifest, checksums, vendor, migration state); a "
        "damaged, truncated, foreign or too new archive is refused and nothing changes. Stop the "
        "web and worker services first. On PostgreSQL run it with the owner role's DATABASE_URL. "
        "Restore the key store from its own backup afterwards (docs/deployment.md, Backups)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the backup archive to restore")
        parser.add_argument("--force", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        using = options["database"]
        try:
            manifest = verify_archive(archive)
            missing = check_compatible(manifest, using)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not options["force"]:
            self._confirm(manifest.backup_id, manifest.created_at)
        try:
            restore_backup(archive, using=using)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Written into the restored database: the events after the backup are not in it.
        record(
            Action.CHANGE, object_type="backup.restore", object_id=manifest.backup_id,
            category=Category.TECHNICAL,
        )
        self.stdout.write(f"restored backup {manifest.backup_id} of {manifest.created_at}.")
        if missing:
            self.stdout.write(f"The backup predates {len(missing)} migration(s): run `manage.py migrate` now.")
        self.stdout.write("Restore the key store from its newest backup before starting the services.")

    def _confirm(self, backup_id: str, created_at: str) -> None:
        if not sys.stdin.isatty():
            raise CommandError("no terminal to confirm on: pass --force to restore without asking")
        answer = input(
            f"This replaces the whole database with backup {backup_id} of {created_at}. "
            "Type 'restore' to continue: "
        )
        if answer.strip() != "restore":
            raise CommandError("not restored")
