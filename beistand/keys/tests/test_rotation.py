"""Master-key rotation (re-wrap, resumable, no downtime) and data-key rotation (a task)."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from beistand.audit.models import Action, AuditEvent
from beistand.keys import mfa
from beistand.keys.models import CentreKeyPair, DataKey, Purpose
from beistand.keys.tasks import rotate_data_key
from beistand.keys.tests.helpers import reload, sealed_blob
from beistand.keys.tests.testmodels import Note
from beistand.lib.crypto import KeyDestroyed, wrapped_version

NOTE = "Beratungsgespräch: Bedrohung durch Nachbarn"


@pytest.fixture
def many_notes(tables, backup, rheinland):
    """Seven keys across two centres, each with a note."""
    notes = []
    for number in range(7):
        key = DataKey.create(Purpose.CASE, centre=backup if number % 2 else rheinland)
        notes.append(Note.objects.create(data_key=key, text=f"{NOTE} {number}"))
    return notes


def add_master_key(settings) -> int:
    version = max(settings.MASTER_KEYS) + 1
    settings.MASTER_KEYS = {**settings.MASTER_KEYS, version: os.urandom(32)}
    return version


def rotate(**options) -> str:
    out = StringIO()
    call_command("rotate_master_key", stdout=out, **options)
    return out.getvalue()


def test_rotation_rewraps_every_key_and_reports_counts(settings, many_notes, backup, alice):
    pair = CentreKeyPair.current_for(backup)
    private = pair.private_key_bytes()
    new_version = add_master_key(settings)

    output = rotate(batch_size=3)

    assert set(DataKey.objects.values_list("master_key_version", flat=True)) == {new_version}
    assert all(wrapped_version(bytes(key.wrapped_key)) == new_version for key in DataKey.objects.all())
    assert "re-wrapped 7 data key(s) and 1 centre key pair(s)" in output
    assert CentreKeyPair.objects.get(pk=pair.pk).private_key_bytes() == private
    # The data keys themselves did not change: every note still opens.
    assert [reload(note).text for note in many_notes] == [f"{NOTE} {n}" for n in range(7)]
    assert AuditEvent.objects.filter(action=Action.KEY_ROTATION, object_id=str(new_version)).exists()


def test_after_rotation_the_old_master_key_can_go(settings, many_notes, alice):
    new_version = add_master_key(settings)
    rotate()
    settings.MASTER_KEYS = {new_version: settings.MASTER_KEYS[new_version]}
    assert [reload(note).text for note in many_notes] == [f"{NOTE} {n}" for n in range(7)]
    secret = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP).data["secret"]
    assert mfa.stored_version(secret) == new_version
    assert mfa.decrypt_secret(secret, settings.MASTER_KEYS)


def test_an_interrupted_rotation_is_finished_by_running_it_again(settings, many_notes, monkeypatch):
    new_version = add_master_key(settings)
    calls = {"n": 0}
    original = DataKey.rewrap

    def failing_in_the_second_batch(self, version):
        calls["n"] += 1
        if calls["n"] == 5:  # the second key of the second batch
            raise RuntimeError("the server went down")
        original(self, version)

    monkeypatch.setattr(DataKey, "rewrap", failing_in_the_second_batch)
    with pytest.raises(RuntimeError):
        rotate(batch_size=3)
    versions = list(DataKey.objects.order_by("pk").values_list("master_key_version", flat=True))
    # The first batch committed; of the second, not even the key re-wrapped before the failure.
    assert versions == [new_version] * 3 + [1] * 4
    # Meanwhile the service works with both versions.
    assert [reload(note).text for note in many_notes] == [f"{NOTE} {n}" for n in range(7)]

    monkeypatch.setattr(DataKey, "rewrap", original)
    assert "re-wrapped 4 data key(s)" in rotate(batch_size=3)
    assert set(DataKey.objects.values_list("master_key_version", flat=True)) == {new_version}
    assert "re-wrapped 0 data key(s)" in rotate()


def test_rotation_refuses_when_a_version_in_use_is_not_configured(settings, many_notes):
    settings.MASTER_KEYS = {2: os.urandom(32)}
    with pytest.raises(CommandError, match=r"master key version\(s\) 1, which BEISTAND_MASTER_KEYS"):
        rotate()
    assert set(DataKey.objects.values_list("master_key_version", flat=True)) == {1}


def test_shredded_keys_are_left_alone(settings, many_notes):
    shredded = DataKey.objects.order_by("pk").first()
    shredded.shred()
    add_master_key(settings)
    assert "re-wrapped 6 data key(s)" in rotate()
    assert DataKey.objects.get(pk=shredded.pk).wrapped_key is None


def test_generate_master_key_prints_the_next_version(settings):
    out = StringIO()
    call_command("generate_master_key", stdout=out)
    version, _ = out.getvalue().strip().split(":")
    assert int(version) == max(settings.MASTER_KEYS) + 1
    from beistand.lib.keyring import parse_master_keys

    assert len(parse_master_keys(out.getvalue(), "test")[int(version)]) == 32
    with pytest.raises(CommandError, match="already configured"):
        call_command("generate_master_key", key_version=1, stdout=StringIO())


# --- data-key rotation -------------------------------------------------------------------------


def test_data_key_rotation_reseals_every_row_and_retires_the_old_key(make_note, case_key):
    notes = [
        make_note(text=NOTE, details={"n": 1}, email="a@example.org",
                  attachment=ContentFile(NOTE.encode(), name="a.txt")),
        make_note(text="zweite Notiz"),
        make_note(),
    ]
    old_blob = sealed_blob(notes[0], "text")

    result = rotate_data_key.enqueue(str(case_key.public_id))

    assert result.return_value["rows"] == 3
    new_key = DataKey.objects.get(public_id=result.return_value["data_key"])
    assert new_key.centre_id == case_key.centre_id and new_key.purpose == case_key.purpose
    old = DataKey.objects.get(pk=case_key.pk)
    assert old.rotated_at is not None and old.replaced_by_id == new_key.pk
    first = reload(notes[0])
    assert first.data_key_id == new_key.pk
    assert (first.text, first.details, first.attachment.read()) == (NOTE, {"n": 1}, NOTE.encode())
    assert sealed_blob(first, "text") != old_blob
    assert reload(notes[1]).text == "zweite Notiz"
    assert reload(notes[2]).text is None
    assert AuditEvent.objects.filter(action=Action.KEY_ROTATION, object_id=str(case_key.public_id)).exists()


def test_rows_really_are_sealed_under_the_new_key(make_note, case_key):
    """Shredding only the old key after rotation leaves the rows readable."""
    note = make_note(text=NOTE)
    rotate_data_key.enqueue(str(case_key.public_id), shred_old=True)
    assert DataKey.objects.get(pk=case_key.pk).destroyed_at is not None
    assert reload(note).text == NOTE


def test_rotation_again_moves_rows_left_on_the_old_key(make_note, case_key):
    first = rotate_data_key.enqueue(str(case_key.public_id)).return_value["data_key"]
    straggler = make_note(key=DataKey.objects.get(pk=case_key.pk), text="late")
    second = rotate_data_key.enqueue(str(case_key.public_id)).return_value
    assert second == {"data_key": first, "rows": 1}
    assert reload(straggler).data_key.public_id.hex == first.replace("-", "")
    assert reload(straggler).text == "late"


def test_a_shredded_key_cannot_be_rotated(make_note, case_key):
    case_key.shred()
    result = rotate_data_key.enqueue(str(case_key.public_id))
    assert result.status == "FAILED"
    assert result.errors[0].exception_class is KeyDestroyed


def test_only_the_real_models_are_in_the_key_registry(db):
    # Migrations rebuild tables with encrypted columns (on SQLite as "new__" copies);
    # a copy in the registry would send rotation and shredding to a table that does not exist.
    from django.apps import apps

    from beistand.keys import registry

    for model in registry.encrypted_models():
        assert model._meta.apps is apps
        assert not model._meta.db_table.startswith("new__")
    assert "cases.case" in {model._meta.label_lower for model in registry.encrypted_models()}
