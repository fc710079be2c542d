"""Fixtures for the key tests: test tables, a key store and a storage of their own."""

from __future__ import annotations

import pytest
from django.db import connection

from beistand.keys import registry
from beistand.keys.models import DataKey, Purpose
from beistand.keys.tests.testmodels import TEST_MODELS, Note


@pytest.fixture(scope="session")
def encrypted_test_tables(django_db_setup, django_db_blocker):
    """Creates the test models' tables once, outside any transaction (SQLite needs that)."""
    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        with connection.schema_editor() as editor:
            for model in TEST_MODELS:
                if model._meta.db_table not in existing:
                    editor.create_model(model)
    for model in TEST_MODELS:
        registry.register(model)


@pytest.fixture(autouse=True)
def isolated_key_material(settings, tmp_path):
    """Each test gets its own key store and file storage, so it can look into both."""
    settings.KEY_STORE_DIR = tmp_path / "keystore"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tables(encrypted_test_tables, db):
    return TEST_MODELS


@pytest.fixture
def case_key(tables, backup) -> DataKey:
    return DataKey.create(Purpose.CASE, centre=backup)


@pytest.fixture
def other_case_key(tables, backup) -> DataKey:
    return DataKey.create(Purpose.CASE, centre=backup)


@pytest.fixture
def foreign_case_key(tables, rheinland) -> DataKey:
    return DataKey.create(Purpose.CASE, centre=rheinland)


@pytest.fixture
def make_note(case_key):
    def make(key: DataKey | None = None, **values) -> Note:
        return Note.objects.create(data_key=key or case_key, **values)

    return make

