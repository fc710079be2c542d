"""Data keys: wrapped by the current master key, bound to their row and centre, unwrapped once."""

from __future__ import annotations

import os
import pickle

import pytest
from django.db import IntegrityError, transaction

from beistand.keys.keystore import key_store
from beistand.keys.models import DataKey, Purpose
from beistand.lib.crypto import DecryptionError, UnknownMasterKey, unwrap_key, wrapped_version


def test_new_key_is_wrapped_by_the_highest_master_key(settings, tables, backup):
    settings.MASTER_KEYS = {1: os.urandom(32), 3: os.urandom(32), 2: os.urandom(32)}
    key = DataKey.create(Purpose.CASE, centre=backup)
    stored = DataKey.objects.get(pk=key.pk)
    assert stored.master_key_version == 3
    assert wrapped_version(bytes(stored.wrapped_key)) == 3
    assert len(stored.unwrap()) == 32
    assert stored.unwrap() == key.unwrap()


def test_each_key_is_different(tables, backup):
    first = DataKey.create(Purpose.CASE, centre=backup)
    second = DataKey.create(Purpose.CASE, centre=backup)
    assert first.unwrap() != second.unwrap()


def test_the_database_alone_does_not_hold_the_data_key(settings, case_key):
    """The material in the database, unwrapped with the master key, is not the data key."""
    stored = DataKey.objects.get(pk=case_key.pk)
    material = unwrap_key(settings.MASTER_KEYS, bytes(stored.wrapped_key), stored.wrapping_aad())
    assert material != stored.unwrap()
    assert key_store().contains(stored.public_id)


def test_wrapped_key_copied_to_another_key_row_is_refused(case_key, other_case_key):
    DataKey.objects.filter(pk=other_case_key.pk).update(wrapped_key=case_key.wrapped_key)
    with pytest.raises(DecryptionError):
        DataKey.objects.get(pk=other_case_key.pk).unwrap()


def test_wrapped_key_moved_to_another_centre_is_refused(case_key, rheinland):
    DataKey.objects.filter(pk=case_key.pk).update(centre=rheinland)
    with pytest.raises(DecryptionError):
        DataKey.objects.get(pk=case_key.pk).unwrap()


def test_missing_master_key_version_gives_a_clear_error(settings, case_key):
    settings.MASTER_KEYS = {7: os.urandom(32)}
    with pytest.raises(UnknownMasterKey, match="master key version 1 is not configured"):
        DataKey.objects.get(pk=case_key.pk).unwrap()


def test_wrong_master_key_is_refused(settings, case_key):
    settings.MASTER_KEYS = {1: os.urandom(32)}
    with pytest.raises(DecryptionError):
        DataKey.objects.get(pk=case_key.pk).unwrap()


def test_unwrapped_key_is_cached_on_the_instance_only(case_key, django_assert_num_queries):
    key = DataKey.objects.select_related("centre").get(pk=case_key.pk)
    with django_assert_num_queries(0):
        assert key.unwrap() is key.unwrap()
    assert DataKey.objects.get(pk=case_key.pk).__dict__.get("_unwrapped") is None


def test_pickled_key_carries_no_key_material(case_key):
    case_key.unwrap()
    restored = pickle.loads(pickle.dumps(case_key))  # noqa: S301 -- our own bytes
    assert "_unwrapped" not in restored.__dict__ and "_cipher" not in restored.__dict__
    assert restored.unwrap() == case_key.unwrap()


def test_repr_shows_no_key_material(case_key):
    text = repr(case_key) + str(case_key)
    assert case_key.unwrap().hex() not in text
    assert str(case_key.public_id) in text


def test_case_keys_need_a_centre_and_system_keys_have_none(tables, backup):
    with pytest.raises(IntegrityError), transaction.atomic():
        DataKey.create(Purpose.CASE)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataKey.create(Purpose.SYSTEM, centre=backup)
    assert DataKey.create(Purpose.SYSTEM).centre_public_id is None


def test_a_live_key_must_have_its_wrapped_key(case_key):
    with pytest.raises(IntegrityError), transaction.atomic():
        DataKey.objects.filter(pk=case_key.pk).update(wrapped_key=None)
