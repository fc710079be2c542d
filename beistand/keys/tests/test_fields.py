"""Encrypted text and JSON fields: transparent to the code, ciphertext in the column."""

from __future__ import annotations

import copy
import pickle

import pytest
from django import forms
from django.core import serializers
from django.db import connection, models, transaction
from django.test.utils import isolate_apps

from beistand.audit.context import acting_as
from beistand.audit.models import Action, AuditEvent
from beistand.keys.fields import EncryptedTextField, Sealed
from beistand.keys.tests.helpers import reload
from beistand.keys.tests.testmodels import Memo, Note
from beistand.lib.crypto import DecryptionError

NOTE = "Angriff vor der Moschee, Zeugin: Frau K."


def stored_column(row, column: str) -> bytes:
    """The raw bytes in the database column, past the ORM."""
    table = connection.ops.quote_name(row._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
        value = cursor.fetchone()[0]
    return None if value is None else bytes(value)


def put_column(row, column: str, value: bytes | None) -> None:
    table = connection.ops.quote_name(row._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, row.pk])  # noqa: S608


def test_text_round_trip(make_note):
    note = make_note(text=NOTE)
    assert note.text == NOTE
    assert reload(note).text == NOTE


def test_the_column_holds_ciphertext_only(make_note):
    note = make_note(text=NOTE, details={"witness": NOTE})
    for column in ("text", "details"):
        raw = stored_column(note, column)
        assert raw[0] == 0x01
        assert NOTE.encode() not in raw


@pytest.mark.parametrize(
    "value",
    [{"a": [1, 2, {"b": None}]}, [], {}, "text", 0, True, {"ä": "العربية"}],
)
def test_json_round_trip(make_note, value):
    assert reload(make_note(details=value)).details == value


def test_none_stays_null_and_empty_text_is_encrypted(make_note):
    note = make_note(text="", details=None)
    assert stored_column(note, "details") is None
    assert len(stored_column(note, "text")) == 29  # format, nonce and tag around nothing
    fresh = reload(note)
    assert fresh.text == "" and fresh.details is None


def test_unicode_and_long_text(make_note):
    text = "Ayşe Yılmaz – ضحية – Шевченко\n" * 500
    assert reload(make_note(text=text)).text == text


def test_decryption_is_lazy_and_audited_once_per_field(make_note, alice, django_assert_num_queries):
    note = make_note(text=NOTE, details={"x": 1})
    fresh = reload(note)
    assert isinstance(fresh.__dict__["text"], Sealed)
    with acting_as(alice), django_assert_num_queries(0):
        assert fresh.text == NOTE
        assert fresh.text == NOTE
    event = AuditEvent.objects.get(action=Action.DECRYPT)
    assert event.object_id == str(note.public_id)
    assert event.fields == ["text"]  # details was never read
    assert event.centre_id == note.data_key.centre.public_id
    assert event.actor_id == alice.public_id


def test_saving_unchanged_values_keeps_the_ciphertext(make_note):
    note = make_note(text=NOTE)
    before = stored_column(note, "text")
    fresh = reload(note)
    fresh.title = "renamed"
    fresh.save()
    assert stored_column(note, "text") == before
    fresh.text  # noqa: B018 -- opened but unchanged
    fresh.save()
    assert stored_column(note, "text") == before


def test_changed_values_are_sealed_again(make_note):
    note = reload(make_note(text=NOTE, details={"visits": 1}))
    note.text = "neu"
    note.details["visits"] = 2  # changed in place, not reassigned
    note.save()
    fresh = reload(note)
    assert fresh.text == "neu"
    assert fresh.details == {"visits": 2}


def test_deferred_field_is_loaded_and_opened_on_access(make_note):
    note = make_note(text=NOTE)
    deferred = Note.objects.defer("text").get(pk=note.pk)
    assert "text" not in deferred.__dict__
    assert deferred.text == NOTE


@pytest.mark.parametrize("column", ["text", "details"])
def test_a_tampered_byte_anywhere_raises(make_note, column):
    note = make_note(text=NOTE, details={"x": NOTE})
    raw = stored_column(note, column)
    for position in (0, 1, 12, 13, len(raw) // 2, len(raw) - 1):
        tampered = bytearray(raw)
        tampered[position] ^= 0x01
        put_column(note, column, bytes(tampered))
        with pytest.raises(DecryptionError):
            getattr(reload(note), column)


def test_truncated_or_emptied_column_raises(make_note):
    note = make_note(text=NOTE)
    for broken in (stored_column(note, "text")[:20], b""):
        put_column(note, "text", broken)
        with pytest.raises(DecryptionError):
            reload(note).text  # noqa: B018


def test_ciphertext_copied_to_another_row_raises(make_note):
    source, target = make_note(text=NOTE), make_note(text="other")
    put_column(target, "text", stored_column(source, "text"))
    with pytest.raises(DecryptionError):
        reload(target).text  # noqa: B018


def test_ciphertext_copied_to_another_field_of_the_same_row_raises(make_note):
    note = make_note(text=NOTE, email="x@example.org")
    put_column(note, "email", stored_column(note, "text"))
    with pytest.raises(DecryptionError):
        reload(note).email  # noqa: B018


def test_ciphertext_copied_to_another_model_raises(make_note, case_key):
    note = make_note(text=NOTE)
    memo = Memo.objects.create(data_key=case_key, text="memo")
    Memo.objects.filter(pk=memo.pk).update(public_id=note.public_id)  # even with the same public id
    put_column(memo, "text", stored_column(note, "text"))
    with pytest.raises(DecryptionError):
        reload(memo).text  # noqa: B018


def test_row_moved_to_another_centres_key_raises(make_note, foreign_case_key):
    note = make_note(text=NOTE)
    Note.objects.filter(pk=note.pk).update(data_key=foreign_case_key)
    with pytest.raises(DecryptionError):
        reload(note).text  # noqa: B018


def test_row_moved_to_another_key_of_the_same_centre_raises(make_note, other_case_key):
    note = make_note(text=NOTE)
    Note.objects.filter(pk=note.pk).update(data_key=other_case_key)
    with pytest.raises(DecryptionError):
        reload(note).text  # noqa: B018


def test_same_ciphertext_under_another_centre_in_the_aad_raises(make_note, rheinland, monkeypatch):
    note = make_note(text=NOTE)
    monkeypatch.setattr(Note, "aad_centre_id", lambda self: rheinland.public_id)
    with pytest.raises(DecryptionError):
        reload(note).text  # noqa: B018


def test_failures_never_return_ciphertext_or_empty_text(make_note):
    note = make_note(text=NOTE)
    put_column(note, "text", b"\x01" + bytes(40))
    fresh = reload(note)
    with pytest.raises(DecryptionError):
        fresh.text  # noqa: B018
    assert isinstance(fresh.__dict__["text"], Sealed)  # nothing was put in its place
    with pytest.raises(DecryptionError):
        fresh.text  # noqa: B018 -- and it keeps raising


def test_plaintext_never_reaches_queries_or_updates(make_note):
    note = make_note(text=NOTE)
    with pytest.raises(TypeError, match="encrypted"):
        list(Note.objects.filter(text=NOTE))
    with pytest.raises(TypeError, match="encrypted"), transaction.atomic():
        Note.objects.filter(pk=note.pk).update(text="plain")
    note.text = "plain"
    with pytest.raises(TypeError, match="encrypted"), transaction.atomic():
        Note.objects.bulk_update([note], ["text"])
    assert Note.objects.filter(details__isnull=True).count() == 1
    assert Note.objects.filter(text=None).count() == 0


def test_only_text_is_accepted_by_a_text_field(make_note):
    note = make_note()
    with pytest.raises(TypeError):
        note.text = b"bytes"


def test_repr_pickle_and_serialisation_carry_no_plaintext(make_note):
    note = make_note(text=NOTE, details={"w": NOTE})
    fresh = reload(note)
    fresh.text  # noqa: B018 -- opened
    assert NOTE not in repr(fresh.__dict__)
    assert NOTE.encode() not in pickle.dumps(fresh)
    assert isinstance(pickle.loads(pickle.dumps(fresh.__dict__["text"])), Sealed)  # noqa: S301
    dumped = serializers.serialize("json", [fresh])
    assert NOTE not in dumped and "Moschee" not in dumped


def test_unsaved_plaintext_cannot_be_pickled_but_can_be_copied(case_key):
    note = Note(data_key=case_key, text=NOTE, details={"a": [1]})
    with pytest.raises(TypeError):
        pickle.dumps(note)
    # (the test models cannot be copied whole: their app label is not installed)
    duplicate = copy.deepcopy({"text": note.__dict__["text"], "details": note.__dict__["details"]})
    duplicate["details"].value["a"].append(2)
    assert (duplicate["text"].value, note.details) == (NOTE, {"a": [1]})


def test_bulk_create_encrypts(case_key):
    Note.objects.bulk_create([Note(data_key=case_key, text=f"{NOTE} {n}") for n in range(3)])
    texts = sorted(note.text for note in Note.objects.select_related("data_key__centre"))
    assert texts == [f"{NOTE} {n}" for n in range(3)]
    assert all(NOTE.encode() not in stored_column(note, "text") for note in Note.objects.all())


def test_model_forms_read_and_write_plain_values(make_note):
    class NoteForm(forms.ModelForm):
        class Meta:
            model = Note
            fields = ["text", "details"]

    note = reload(make_note(text=NOTE, details={"a": 1}))
    form = NoteForm(instance=note)
    assert form.initial["text"] == NOTE
    bound = NoteForm({"text": "geändert", "details": '{"a": 2}'}, instance=note)
    assert bound.is_valid(), bound.errors
    bound.save()
    fresh = reload(note)
    assert (fresh.text, fresh.details) == ("geändert", {"a": 2})


def test_a_row_without_a_data_key_cannot_be_saved(tables):
    with pytest.raises(ValueError, match="no data key"):
        Note(text=NOTE).save()


@isolate_apps("beistand.keys")
def test_a_field_outside_an_encrypted_model_fails_the_checks():
    class Plain(models.Model):
        secret = EncryptedTextField()

        class Meta:
            app_label = "keys"

        def __str__(self) -> str:
            return "plain"

    try:
        assert [error.id for error in Plain._meta.get_field("secret").check()] == ["keys.E001"]
    finally:
        from beistand.keys import registry

        registry.unregister(Plain)
