"""manage.py rotate_master_key: move every wrapped key and secret to the newest master key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beistand.keys.rotation import MissingMasterKey, rotate_master_key
from beistand.lib.crypto import DecryptionError


class Command(BaseCommand):
    help = (
        "Re-wrap all data keys and centre key pairs, re-encrypt MFA secrets and recompute blind "
        "indexes under the highest master key version in BEISTAND_MASTER_KEYS. Runs in small "
        "committed batches while the service keeps working; if it stops, run it again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=100, help="rows per transaction (default 100)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            report = rotate_master_key(batch_size=options["batch_size"])
        except (MissingMasterKey, DecryptionError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"master key version {report.target}: re-wrapped {report.data_keys} data key(s) and "
            f"{report.key_pairs} centre key pair(s), re-encrypted {report.mfa_secrets} MFA "
            f"secret(s), recomputed {report.blind_indexes} blind index value(s)"
        )
        self.stdout.write(
            "Everything is on the new version; older versions can be removed from "
            "BEISTAND_MASTER_KEYS once database backups made before now have expired."
        )
