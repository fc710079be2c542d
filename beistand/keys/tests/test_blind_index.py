"""Blind indexes: exact-match lookups on encrypted values, stable across key rotation."""

from __future__ import annotations

import hashlib
import os
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command

from beistand.keys.blind import normalise_text
from beistand.keys.tests.helpers import reload
from beistand.keys.tests.testmodels import Note

EMAIL = "Ayse.Yilmaz@Example.org"


def test_lookup_finds_the_row_with_normalised_input(make_note):
    note = make_note(email=EMAIL)
    make_note(email="someone@example.org")
    assert list(Note.objects.filter(email_index="  ayse.yilmaz@example.ORG ")) == [note]
    assert not Note.objects.filter(email_index="ayse@example.org").exists()


def test_the_index_holds_a_keyed_digest_not_the_value(make_note):
    note = reload(make_note(email=EMAIL))
    version, digest = note.email_index.split(":")
    assert version == "1" and len(digest) == 64
    assert "yilmaz" not in note.email_index.lower()
    assert digest != hashlib.sha256(EMAIL.lower().encode()).hexdigest()  # keyed, not a bare hash


def test_the_index_follows_changes_and_none(make_note):
    note = make_note(email=EMAIL)
    note.email = "neu@example.org"
    note.save()
    assert Note.objects.filter(email_index="neu@example.org").get() == note
    note.email = None
    note.save()
    assert reload(note).email_index is None


def test_saving_without_touching_the_source_keeps_the_digest(make_note):
    note = make_note(email=EMAIL)
    fresh = reload(note)
    fresh.title = "x"
    fresh.save()
    assert reload(note).email_index == note.email_index


def test_other_lookups_are_refused(make_note):
    make_note(email=EMAIL)
    with pytest.raises(FieldError):
        list(Note.objects.filter(email_index__startswith="1:"))
    with pytest.raises(FieldError):
        list(Note.objects.filter(email_index__icontains="ayse"))


def test_index_is_stable_across_data_key_rotation(make_note, case_key):
    from beistand.keys.tasks import rotate_data_key

    note = make_note(email=EMAIL)
    rotate_data_key.enqueue(str(case_key.public_id))
    assert reload(note).data_key_id != case_key.pk
    assert Note.objects.filter(email_index=EMAIL).get() == note


def test_master_key_rotation_recomputes_and_lookups_work_throughout(settings, make_note):
    note = make_note(email=EMAIL)
    settings.MASTER_KEYS = {**settings.MASTER_KEYS, 2: os.urandom(32)}
    # Before the rotation ran: found through the version 1 digest.
    assert Note.objects.filter(email_index=EMAIL).get() == note
    call_command("rotate_master_key", stdout=StringIO())
    assert reload(note).email_index.startswith("2:")
    settings.MASTER_KEYS = {2: settings.MASTER_KEYS[2]}
    assert Note.objects.filter(email_index=EMAIL).get() == note


def test_different_indexes_of_the_same_value_differ(make_note):
    field = Note._meta.get_field("email_index")
    same = type(field)(source="email", key_label="another.index")
    assert field.digest(EMAIL) != same.digest(EMAIL)


def test_normalise_text_folds_case_and_spacing():
    assert normalise_text("  Ayşe   YILMAZ ") == normalise_text("ayşe yılmaz".replace("ı", "i"))
