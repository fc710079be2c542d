"""The database itself refuses UPDATE and DELETE on audit events.

The only way past is the retention purge (beistand.audit.append_only):

- PostgreSQL: the trigger lets a DELETE (or TRUNCATE) through only while the
  transaction-local setting `beistand.audit_purge` is 'on'. The application's
  role holds no DELETE privilege at all (docs/deployment.md); it purges by
  calling `audit_purge_expired(cutoff)`, a SECURITY DEFINER function owned by
  the migrating role, which never removes events younger than 30 days.
- SQLite: the trigger lets a DELETE through only while the one row of
  `audit_purge_permit` exists. The purge inserts it and removes it again inside
  one transaction, so no other connection ever sees it.

Caution: on SQLite, a migration that alters a column of audit_auditevent
rebuilds the table and loses these triggers; such a migration must run this
one's SQL again. The append-only tests fail if it does not.
"""

from django.db import migrations

PURGE_MINIMUM_DAYS = 30

POSTGRESQL_FORWARD = """
CREATE FUNCTION {schema}.audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' AND current_setting('beistand.audit_purge', true) = 'on' THEN
        IF TG_LEVEL = 'ROW' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'expired events are removed by beistand.audit.retention.purge_expired_events';
END;
$$;

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON {schema}.audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION {schema}.audit_auditevent_append_only();

CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON {schema}.audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_auditevent_append_only();

-- Runs with the rights of its owner (the role that migrates), so the application's
-- role can purge expired events without holding DELETE on the table. The cutoff is
-- clamped: nobody holding the application's credentials can erase the last 30 days.
CREATE FUNCTION {schema}.audit_purge_expired(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    removed bigint;
BEGIN
    cutoff := least(coalesce(cutoff, '-infinity'), now() - interval '{days} days');
    PERFORM set_config('beistand.audit_purge', 'on', true);
    DELETE FROM {schema}.audit_auditevent WHERE occurred_at < cutoff;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('beistand.audit_purge', 'off', true);
    RETURN removed;
END;
$$;
REVOKE ALL ON FUNCTION {schema}.audit_purge_expired(timestamptz) FROM PUBLIC;
"""

POSTGRESQL_BACKWARD = """
DROP FUNCTION IF EXISTS {schema}.audit_purge_expired(timestamptz);
DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON {schema}.audit_auditevent;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON {schema}.audit_auditevent;
DROP FUNCTION IF EXISTS {schema}.audit_auditevent_append_only();
"""

SQLITE_FORWARD = [
    # At most one row, and only inside the purge's own transaction.
    "CREATE TABLE audit_purge_permit (id INTEGER PRIMARY KEY CHECK (id = 1))",
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TABLE IF EXISTS audit_purge_permit",
]


def _run(schema_editor, postgresql: str, sqlite: list[str]) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = connection.ops.quote_name(cursor.fetchone()[0])
        # params=None: the SQL holds literal % signs and no placeholders.
        schema_editor.execute(postgresql.format(schema=schema, days=PURGE_MINIMUM_DAYS), params=None)
    elif connection.vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"append-only audit log not implemented for {connection.vendor}")


def forward(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_FORWARD, SQLITE_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_BACKWARD, SQLITE_BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_viewer_indexes_and_actions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
