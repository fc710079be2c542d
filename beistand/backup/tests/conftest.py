"""Fixtures for the backup tests: a live database that the commands can really replace.

SQLite: pytest-django's test database lives in memory, which has no file to
replace. The `live` fixture copies it (migrated, with the key tests' tables)
into a file with the online backup API, registers that file as the database
alias "live" with the production options (WAL), and routes every model there,
so DataKey.create, the encrypted test models and the audit events all use it.

PostgreSQL: the configured test database itself, in a transactional test, so
that pg_dump and pg_restore (other connections) see committed rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings

from beistand.keys.tests.testmodels import TEST_MODELS

LIVE = "live"


@pytest.fixture(scope="session")
def backup_test_tables(django_db_setup, django_db_blocker):
    """The key tests' encrypted models, created once outside any transaction."""
    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        with connection.schema_editor() as editor:
            for model in TEST_MODELS:
                if model._meta.db_table not in existing:
                    editor.create_model(model)


class Everything:
    """Sends every query to one alias."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias

    def db_for_write(self, model, **hints):
        return self.alias

    def allow_relation(self, *objects, **hints):
        return True


@pytest.fixture(autouse=True)
def own_key_store(settings, tmp_path):
    settings.KEY_STORE_DIR = tmp_path / "keystore"


@pytest.fixture
def live(transactional_db, backup_test_tables, tmp_path) -> Iterator[str]:
    """The alias of a committed database the commands may back up and replace."""
    if connection.vendor == "sqlite":
        yield from _sqlite_file_database(tmp_path)
    else:
        yield DEFAULT_DB_ALIAS
        for model in TEST_MODELS:
            model.objects.all().delete()


def _sqlite_file_database(tmp_path) -> Iterator[str]:
    """A file copy of the (in-memory, migrated) test database, as the alias "live".

    The connection is registered in `connections` but not in its settings: Django's
    test case allows such dynamically created connections, and nothing else in the
    suite can see it. All models are routed to it for the test.
    """
    path = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = {
        **connection.settings_dict,
        "NAME": str(path),
        "TEST": {**connection.settings_dict["TEST"], "NAME": None},
        # As in production (beistand.lib.env.django_database), with a short lock wait.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 1,
        },
    }
    wrapper = type(connections[DEFAULT_DB_ALIAS])(settings_dict, LIVE)
    connections[LIVE] = wrapper
    try:
        with override_settings(DATABASE_ROUTERS=[Everything(LIVE)]):
            yield LIVE
    finally:
        wrapper.close()
        del connections[LIVE]
