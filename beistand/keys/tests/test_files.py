"""Encrypted files: sealed before they reach the storage, opened on read."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from beistand.audit.context import acting_as
from beistand.audit.models import Action, AuditEvent
from beistand.keys.tests.helpers import reload
from beistand.lib.crypto import DecryptionError

CONTENT = b"%PDF-1.4 Attest der Notaufnahme: Prellungen nach Angriff\n" * 50


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_file_round_trip(make_note):
    note = make_note(attachment=ContentFile(CONTENT, name="attest-ayse-yilmaz.pdf"))
    fresh = reload(note)
    assert fresh.attachment.read() == CONTENT
    assert b"".join(fresh.attachment.chunks()) == CONTENT
    assert fresh.attachment.size == len(CONTENT)


def test_storage_holds_ciphertext_under_a_random_name(make_note):
    note = make_note(attachment=SimpleUploadedFile("attest-ayse-yilmaz.pdf", CONTENT))
    [path] = stored_files()
    assert "ayse" not in note.attachment.name and "attest" not in note.attachment.name
    raw = path.read_bytes()
    assert b"Notaufnahme" not in raw
    assert raw[0] == 0x01


def test_reading_is_audited(make_note, alice):
    note = make_note(attachment=ContentFile(CONTENT, name="a.pdf"))
    with acting_as(alice):
        reload(note).attachment.read()
    assert AuditEvent.objects.get(action=Action.DECRYPT).fields == ["attachment"]


def test_a_tampered_file_raises(make_note):
    note = make_note(attachment=ContentFile(CONTENT, name="a.pdf"))
    [path] = stored_files()
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(DecryptionError):
        reload(note).attachment.read()


def test_swapped_files_raise(make_note):
    first = make_note(attachment=ContentFile(b"first file", name="a"))
    second = make_note(attachment=ContentFile(b"second file", name="b"))
    first_path = Path(settings.MEDIA_ROOT) / first.attachment.name
    second_path = Path(settings.MEDIA_ROOT) / second.attachment.name
    first_bytes, second_bytes = first_path.read_bytes(), second_path.read_bytes()
    first_path.write_bytes(second_bytes)
    second_path.write_bytes(first_bytes)
    for note in (first, second):
        with pytest.raises(DecryptionError):
            reload(note).attachment.read()


def test_an_older_version_of_the_same_file_raises(make_note):
    note = make_note(attachment=ContentFile(b"version one", name="a"))
    old_path = Path(settings.MEDIA_ROOT) / note.attachment.name
    old_bytes = old_path.read_bytes()
    note.attachment = ContentFile(b"version two", name="a")
    note.save()
    (Path(settings.MEDIA_ROOT) / note.attachment.name).write_bytes(old_bytes)
    with pytest.raises(DecryptionError):
        reload(note).attachment.read()


def test_files_cannot_be_opened_for_writing(make_note):
    note = make_note(attachment=ContentFile(CONTENT, name="a.pdf"))
    with pytest.raises(ValueError):
        reload(note).attachment.open("wb")


def test_no_file_stays_empty(make_note):
    note = reload(make_note())
    assert not note.attachment
    assert stored_files() == []
