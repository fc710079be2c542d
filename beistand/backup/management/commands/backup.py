"""manage.py backup: a consistent snapshot of the database in a checked archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.backup.archive import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database (SQLite: online backup API; PostgreSQL: "
        "pg_dump) to TARGET, a tar archive with a manifest and SHA-256 checksums, mode 0600. "
        "It holds the DATABASE ONLY: personal data in it is ciphertext. The master keys and "
        "the key store are NOT included and must be backed up separately, the key store right "
        "after this and with a short retention (docs/deployment.md, Backups and Keys)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="the archive file to write")
        parser.add_argument("--force", action="store_true", help="overwrite TARGET if it exists")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = create_backup(Path(options["target"]), using=options["database"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        record(
            Action.EXPORT, object_type="backup", object_id=manifest.backup_id,
            category=Category.TECHNICAL,
        )
        self.stdout.write(
            f"backup {manifest.backup_id} of the {manifest.vendor} database written to "
            f"{options['target']} ({manifest.size} bytes, sha256 {manifest.sha256[:16]}…). "
            "The key store and master keys are not in it: back them up separately."
        )
