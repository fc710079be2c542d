"""Django's flush, allowed past the append-only audit triggers.

flush empties every table of the database (tests between transactional test
cases, development resets); the audit log goes with everything else. It is
the owner's tool: in production the application's role may not truncate or
delete audit events, so there it fails, as it should.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from beistand.audit.append_only import flag_available, purge_permitted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        using = options["database"]
        if not flag_available(using):
            return super().handle(**options)
        with purge_permitted(using):
            return super().handle(**options)
