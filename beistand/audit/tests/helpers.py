"""Helpers of the audit tests: every stored value of every audit row, as text."""

from __future__ import annotations

from django.db import connection


def audit_rows_text() -> str:
    """All columns of all audit rows as the database holds them, for searching markers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent")
        return "\n".join(" | ".join(str(value) for value in row) for row in cursor.fetchall())
