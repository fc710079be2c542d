"""manage.py generate_master_key: a new random master key entry for BEISTAND_MASTER_KEYS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from beistand.lib.keyring import new_master_key_entry


class Command(BaseCommand):
    help = (
        "Print a new master key as <version>:<base64> (32 random bytes), by default with the "
        "version after the highest one configured. Add the line to BEISTAND_MASTER_KEYS; "
        "nothing is stored by this command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key-version", type=int, help="version number (default: highest configured + 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        configured = getattr(settings, "MASTER_KEYS", {}) or {}
        version = options["key_version"] or max(configured, default=0) + 1
        if version in configured:
            raise CommandError(f"master key version {version} is already configured")
        if not 1 <= version < 10**6:
            raise CommandError("the version must be a whole number from 1 to 999999")
        self.stdout.write(new_master_key_entry(version))
