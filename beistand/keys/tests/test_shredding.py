"""Crypto-shredding: after shred() nothing bound to the key can be read — not here, not
from a copy of the database taken before the shred, even with the master keys."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from beistand.audit.models import Action, AuditEvent
from beistand.keys import models as key_models
from beistand.keys.keystore import key_store
from beistand.keys.models import DataKey, Purpose
from beistand.keys.tests.helpers import reload, sealed_blob
from beistand.keys.tests.testmodels import TEST_MODELS, Note
from beistand.lib.crypto import DecryptionError, KeyDestroyed, associated_data, unwrap_key

NOTE = "Betroffene wohnt jetzt bei ihrer Schwester in Dortmund-Hörde"


@pytest.fixture
def new_process(monkeypatch):
    """Forget what this process saw being shredded, as a freshly started server would."""

    def start() -> None:
        monkeypatch.setattr(key_models, "_shredded_here", set())

    return start


def full_note(make_note) -> Note:
    return make_note(
        text=NOTE, details={"address": NOTE}, email="ayse@example.org",
        attachment=ContentFile(NOTE.encode(), name="a.txt"),
    )


def read_everything(note: Note) -> None:
    note.text  # noqa: B018
    note.details  # noqa: B018
    note.email  # noqa: B018
    note.attachment.read()


def test_after_shred_every_field_raises(make_note, case_key):
    note = full_note(make_note)
    loaded_before = reload(note)
    read_everything(loaded_before)  # opened and cached before the shred

    case_key.shred()

    for instance in (note, loaded_before, reload(note)):
        for field in ("text", "details", "email"):
            with pytest.raises(KeyDestroyed):
                getattr(instance, field)
        with pytest.raises(KeyDestroyed):
            instance.attachment.read()


def test_shred_destroys_the_wrapped_key_and_the_key_store_secret(case_key):
    case_key.shred()
    stored = DataKey.objects.get(pk=case_key.pk)
    assert stored.wrapped_key is None and stored.destroyed_at is not None
    assert not key_store().contains(case_key.public_id)
    with pytest.raises(KeyDestroyed):
        stored.unwrap()


def test_the_key_store_secret_is_part_of_the_key(make_note, case_key):
    """Without the right secret nothing opens, whatever the database holds."""
    note = make_note(text=NOTE)
    path = next(key_store().root.rglob(case_key.public_id.hex))
    path.write_bytes(bytes(32))
    with pytest.raises(DecryptionError):
        reload(note).text  # noqa: B018


def test_shred_is_audited_without_content(case_key, backup):
    case_key.shred()
    event = AuditEvent.objects.get(action=Action.SHRED)
    assert event.object_type == "keys.datakey"
    assert event.object_id == str(case_key.public_id)
    assert event.centre_id == backup.public_id
    assert event.fields == []


def test_shredding_twice_is_harmless(case_key):
    case_key.shred()
    DataKey.objects.get(pk=case_key.pk).shred()
    assert AuditEvent.objects.filter(action=Action.SHRED).count() == 1


def test_nothing_new_can_be_sealed_under_a_shredded_key(make_note, case_key):
    case_key.shred()
    with pytest.raises(KeyDestroyed):
        Note.objects.create(data_key=DataKey.objects.get(pk=case_key.pk), text="new")


def test_other_keys_are_untouched(make_note, case_key, other_case_key):
    kept = make_note(key=other_case_key, text=NOTE)
    case_key.shred()
    assert reload(kept).text == NOTE


def test_shredding_a_rotated_key_shreds_its_predecessors(make_note, case_key, new_process):
    from beistand.keys.tasks import rotate_data_key

    note = make_note(text=NOTE)
    result = rotate_data_key.enqueue(str(case_key.public_id))
    successor = DataKey.objects.get(public_id=result.return_value["data_key"])
    successor.shred()
    new_process()
    for key in (case_key, successor):
        with pytest.raises(KeyDestroyed):
            DataKey.objects.get(pk=key.pk).unwrap()
    with pytest.raises(KeyDestroyed):
        reload(note).text  # noqa: B018


def snapshot(note: Note) -> dict:
    """What a database backup holds about a note and its key."""
    key = DataKey.objects.get(pk=note.data_key_id)
    return {
        "key": {"wrapped_key": bytes(key.wrapped_key), "destroyed_at": None},
        "note": {field: sealed_blob(note, field) for field in ("text", "details", "email")},
    }


def restore(note: Note, copy: dict) -> None:
    DataKey.objects.filter(pk=note.data_key_id).update(**copy["key"])
    table = connection.ops.quote_name(Note._meta.db_table)
    with connection.cursor() as cursor:
        for column, value in copy["note"].items():
            cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, note.pk])  # noqa: S608


def test_a_backup_taken_before_the_shred_stays_unreadable(settings, make_note, case_key, new_process):
    note = make_note(text=NOTE, details={"address": NOTE}, email="ayse@example.org")
    backup_copy = snapshot(note)

    case_key.shred()
    restore(note, backup_copy)  # the old rows are back, wrapped key and all
    new_process()

    restored_key = DataKey.objects.select_related("centre").get(pk=case_key.pk)
    # The attacker's position: the master keys still unwrap what the backup holds...
    material = unwrap_key(settings.MASTER_KEYS, bytes(restored_key.wrapped_key), restored_key.wrapping_aad())
    assert len(material) == 32
    # ...but that is not the data key, and the other half is gone from the key store.
    restored = reload(note)
    for field in ("text", "details", "email"):
        with pytest.raises(KeyDestroyed):
            getattr(restored, field)


def test_the_same_restore_without_a_shred_reads_fine(make_note, new_process):
    """The control for the test above: restoring alone does not break anything."""
    note = make_note(text=NOTE, details={"address": NOTE}, email="ayse@example.org")
    backup_copy = snapshot(note)
    Note.objects.filter(pk=note.pk).update(text=None)
    restore(note, backup_copy)
    new_process()
    assert reload(note).text == NOTE


@pytest.fixture
def committed_tables(encrypted_test_tables, transactional_db):
    yield
    for model in TEST_MODELS:
        model.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a file copy of the SQLite database")
def test_a_sqlite_backup_file_taken_before_the_shred_stays_unreadable(
    committed_tables, settings, backup, tmp_path, new_process
):
    case_key = DataKey.create(Purpose.CASE, centre=backup)
    note = Note.objects.create(data_key=case_key, text=NOTE)
    backup_file = tmp_path / "before-shred.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(backup_file) as target:
        connection.connection.backup(target)  # the online backup API, as `sqlite3 .backup` uses

    case_key.shred()
    new_process()

    with sqlite3.connect(backup_file) as copy:
        wrapped, version = copy.execute(
            "SELECT wrapped_key, master_key_version FROM keys_datakey WHERE id = ?", [case_key.pk]
        ).fetchone()
        (ciphertext,) = copy.execute(
            f"SELECT text FROM {Note._meta.db_table} WHERE id = ?", [note.pk]  # noqa: S608
        ).fetchone()
    assert wrapped is not None and NOTE.encode() not in ciphertext
    from_backup = DataKey(
        public_id=case_key.public_id, purpose=case_key.purpose, centre=backup,
        wrapped_key=wrapped, master_key_version=version,
    )
    assert unwrap_key(settings.MASTER_KEYS, wrapped, from_backup.wrapping_aad())  # master keys work
    aad = associated_data(Note._meta.label_lower, "text", note.public_id, backup.public_id)
    with pytest.raises(KeyDestroyed):
        from_backup.open(ciphertext, aad)
