"""Helpers for tests that prove plaintext is absent from the database itself.

`database_holds(text)` looks at what the database really stores: on SQLite
the whole database image, byte for byte (the same bytes as the file, including
free pages); on PostgreSQL every row of every table rendered as text, where
binary columns appear as hex, so both forms are searched.
"""

from __future__ import annotations

from django.db import connection


def database_holds(text: str) -> list[str]:
    """Where the text (UTF-8) is stored: table names on PostgreSQL, "database file" on SQLite."""
    needle = text.encode("utf-8")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        image = connection.connection.serialize()
        return ["database file"] if needle in image else []
    return [table for table in connection.introspection.table_names() if _table_holds(table, needle)]


def _table_holds(table: str, needle: bytes) -> bool:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quoted} AS t WHERE strpos(t::text, %s) > 0 OR strpos(t::text, %s) > 0 LIMIT 1",  # noqa: S608 -- table names from introspection
            [needle.decode("utf-8"), needle.hex()],
        )
        return cursor.fetchone() is not None
