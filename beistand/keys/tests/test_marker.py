"""A marker written through every encrypted field is nowhere in what the database stores,
in what was sent to it, in the file storage or in the logs."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beistand.keys import registry
from beistand.keys.blind import BlindIndexField
from beistand.keys.fields import EncryptedJSONField, EncryptedTextField
from beistand.keys.files import EncryptedFileField
from beistand.keys.testing import database_holds
from beistand.keys.tests.helpers import reload
from beistand.keys.tests.testmodels import TEST_MODELS

MARKER = "MARKER-7f3a-Ayşe-Yılmaz-Hörde"


def marker_value(field):
    if isinstance(field, EncryptedFileField):
        return ContentFile(MARKER.encode(), name=f"{MARKER}.txt")
    if isinstance(field, EncryptedJSONField):
        return {"name": MARKER, "nested": [MARKER]}
    return MARKER


def write_markers(case_key) -> list:
    rows = []
    for model in TEST_MODELS:
        values = {field.name: marker_value(field) for field in registry.encrypted_fields(model)}
        rows.append(model.objects.create(data_key=case_key, **values))
    return rows


def test_every_kind_of_encrypted_field_is_covered():
    kinds = {type(field) for model in TEST_MODELS for field in registry.encrypted_fields(model)}
    kinds |= {type(field) for model in TEST_MODELS for field in registry.blind_index_fields(model)}
    assert {EncryptedTextField, EncryptedJSONField, EncryptedFileField, BlindIndexField} <= kinds


def test_the_search_finds_a_marker_in_a_plain_column(make_note):
    """The control: without it an empty search result would prove nothing."""
    make_note(title=MARKER[:50])
    assert database_holds(MARKER[:50])


def test_the_marker_is_nowhere(case_key, caplog):
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        rows = write_markers(case_key)
        for row in rows:
            reload(row).save()  # a save after loading sends nothing plain either

    assert database_holds(MARKER) == []
    assert not [query for query in queries.captured_queries if MARKER in query["sql"]]
    stored = [path.read_bytes() for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert stored and not [blob for blob in stored if MARKER.encode() in blob]
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if "MARKER" in path.name]
    assert MARKER not in caplog.text
    # And it is all still there for those allowed to read it.
    note = reload(rows[0])
    assert note.text == MARKER and note.attachment.read() == MARKER.encode()
