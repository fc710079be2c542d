"""The one way past the database triggers that keep audit events append-only.

Migration 0003 makes both databases refuse UPDATE and DELETE on audit_auditevent.
A DELETE passes only inside `purge_permitted()`, which sets a flag that lives
no longer than its own transaction:

- PostgreSQL: the transaction-local setting `beistand.audit_purge`. In
  production the application's role has no DELETE privilege on the table
  anyway, so the flag alone lets nothing through; it purges through the
  SECURITY DEFINER function `audit_purge_expired` (see retention.py).
- SQLite: a row in `audit_purge_permit`, inserted and deleted again inside the
  transaction, so no other connection ever sees it committed.

Nothing here updates an event: there is no legitimate reason to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

SET_FLAG = {
    "postgresql": "SELECT set_config('beistand.audit_purge', 'on', true)",
    "sqlite": "INSERT INTO audit_purge_permit (id) VALUES (1)",
}
CLEAR_FLAG = {
    "postgresql": "SELECT set_config('beistand.audit_purge', 'off', true)",
    "sqlite": "DELETE FROM audit_purge_permit",
}


@contextmanager
def purge_permitted(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lets DELETE (and on PostgreSQL TRUNCATE) of audit events through, in one transaction.

    Only retention.purge_expired_events and the flush command use it. If the
    block raises, the rollback takes the flag with it; on success it is cleared
    before the transaction commits.
    """
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(SET_FLAG[connection.vendor])
        yield
        cursor.execute(CLEAR_FLAG[connection.vendor])


def flag_available(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether purge_permitted() can work here: False before migration 0003 ran on SQLite."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        return "audit_purge_permit" in connection.introspection.table_names(cursor)
