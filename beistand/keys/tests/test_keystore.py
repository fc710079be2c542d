"""The key store tells a shredded key from a missing or misplaced key store."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
import uuid

import pytest

from beistand.keys.checks import key_store_available
from beistand.keys.keystore import MARKER, KeyStore, KeyStoreUnavailable, key_store
from beistand.keys.models import DataKey
from beistand.lib.crypto import DecryptionError, KeyDestroyed


def test_secrets_are_private_files(settings, case_key):
    root = settings.KEY_STORE_DIR
    [entry] = [path for path in root.rglob("*") if path.is_file() and path.name != MARKER]
    assert entry.name == case_key.public_id.hex
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert entry.read_bytes() not in (b"", bytes(32))


def test_a_missing_key_store_is_a_configuration_error_not_a_shred(settings, case_key):
    shutil.rmtree(settings.KEY_STORE_DIR)  # e.g. the volume is not mounted
    with pytest.raises(KeyStoreUnavailable, match="missing or not initialised") as raised:
        DataKey.objects.get(pk=case_key.pk).unwrap()
    assert not isinstance(raised.value, KeyDestroyed)


def test_a_key_store_younger_than_the_key_is_not_taken_for_a_shred(settings, case_key):
    shutil.rmtree(settings.KEY_STORE_DIR)
    key_store().require_root()  # a new, empty store appears where the old one was
    marker = settings.KEY_STORE_DIR / MARKER
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    marker.write_text(marker.read_text().rsplit("initialised", 1)[0] + f"initialised {later.isoformat()}\n")
    with pytest.raises(KeyStoreUnavailable, match="not the key store it was made in") as raised:
        DataKey.objects.get(pk=case_key.pk).unwrap()
    assert not isinstance(raised.value, KeyDestroyed)


def test_production_sets_up_a_missing_store_inside_an_existing_directory(settings, tmp_path):
    settings.KEY_STORE_DIR = tmp_path / "keystore-prod"
    settings.PRODUCTION = True
    assert key_store_available() == []
    assert (tmp_path / "keystore-prod" / MARKER).is_file()
    assert key_store().initialised_at() is not None


def test_production_check_fails_when_the_store_cannot_be_set_up(settings, tmp_path):
    settings.KEY_STORE_DIR = tmp_path / "no" / "such" / "parent"
    settings.PRODUCTION = True
    assert [error.id for error in key_store_available()] == ["keys.E010"]
    assert not (tmp_path / "no").exists()


def test_a_foreign_non_empty_directory_is_refused(tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "something").write_text("x")
    with pytest.raises(KeyStoreUnavailable, match="not empty"):
        KeyStore(tmp_path / "other", make_parents=False).create(uuid.uuid4())


def test_a_damaged_entry_is_an_error_not_a_shred(case_key):
    path = next(path for path in key_store().root.rglob(case_key.public_id.hex))
    path.write_bytes(b"short")
    with pytest.raises(DecryptionError, match="damaged") as raised:
        DataKey.objects.get(pk=case_key.pk).unwrap()
    assert not isinstance(raised.value, KeyDestroyed)


def test_destroy_overwrites_and_removes(case_key):
    store = key_store()
    store.destroy(case_key.public_id)
    assert not store.contains(case_key.public_id)
    store.destroy(case_key.public_id)  # already gone: fine
