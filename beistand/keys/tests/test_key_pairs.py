"""Centre key pairs for HPKE: one current pair per centre, private key wrapped and bound."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from beistand.keys.models import CentreKeyPair
from beistand.lib.crypto import DecryptionError, UnknownMasterKey


@pytest.fixture
def pair(backup) -> CentreKeyPair:
    return CentreKeyPair.current_for(backup)


def test_first_use_creates_a_pair_and_later_uses_find_it(backup, pair):
    assert CentreKeyPair.current_for(backup) == pair
    assert CentreKeyPair.objects.count() == 1


def test_private_and_public_key_belong_together(pair):
    private = X25519PrivateKey.from_private_bytes(pair.private_key_bytes())
    stored = CentreKeyPair.objects.get(pk=pair.pk)
    assert len(bytes(stored.public_key)) == 32
    assert private.public_key().public_bytes_raw() == bytes(stored.public_key)


def test_a_key_exchange_with_the_pair_works(pair):
    sender = X25519PrivateKey.generate()
    centre_public = X25519PublicKey.from_public_bytes(bytes(pair.public_key))
    centre_private = X25519PrivateKey.from_private_bytes(pair.private_key_bytes())
    assert sender.exchange(centre_public) == centre_private.exchange(sender.public_key())


def test_the_database_holds_the_private_key_wrapped_only(pair):
    stored = bytes(CentreKeyPair.objects.get(pk=pair.pk).wrapped_private_key)
    assert pair.private_key_bytes() not in stored
    assert stored[0] == 0x02


def test_wrapped_private_key_copied_to_another_pair_is_refused(pair, rheinland):
    other = CentreKeyPair.current_for(rheinland)
    CentreKeyPair.objects.filter(pk=other.pk).update(wrapped_private_key=pair.wrapped_private_key)
    with pytest.raises(DecryptionError):
        CentreKeyPair.objects.get(pk=other.pk).private_key_bytes()


def test_pair_moved_to_another_centre_is_refused(pair, rheinland):
    CentreKeyPair.objects.filter(pk=pair.pk).update(centre=rheinland)
    with pytest.raises(DecryptionError):
        CentreKeyPair.objects.get(pk=pair.pk).private_key_bytes()


def test_missing_master_key_is_a_clear_error(settings, pair):
    settings.MASTER_KEYS = {5: os.urandom(32)}
    with pytest.raises(UnknownMasterKey, match="version 1 is not configured"):
        CentreKeyPair.objects.get(pk=pair.pk).private_key_bytes()


def test_retiring_makes_way_for_a_new_pair_and_keeps_the_old_one_usable(backup, pair):
    old_private = pair.private_key_bytes()
    pair.retire()
    new = CentreKeyPair.current_for(backup)
    assert new != pair and new.public_key != pair.public_key
    assert CentreKeyPair.objects.get(pk=pair.pk).private_key_bytes() == old_private


def test_each_centre_has_its_own_pair(backup, rheinland):
    assert CentreKeyPair.current_for(backup).public_key != CentreKeyPair.current_for(rheinland).public_key


def test_a_pair_generated_at_the_same_moment_elsewhere_is_used(backup, monkeypatch):
    winner = CentreKeyPair.generate(backup)  # another request, a moment earlier
    monkeypatch.setattr(CentreKeyPair, "_current", classmethod(lambda cls, centre: None))
    assert CentreKeyPair.current_for(backup) == winner  # ours hit the one-current-pair constraint
    assert CentreKeyPair.objects.count() == 1


def test_a_message_sealed_to_the_centre_opens_with_its_private_key(pair):
    hpke = pytest.importorskip("beistand.lib.hpke")
    conversation = b"conversation 5f1c"
    sealed = hpke.seal(bytes(pair.public_key), b"Ich wurde angegriffen", conversation)
    stored = CentreKeyPair.objects.get(pk=pair.pk)
    assert hpke.open_sealed(stored.private_key_bytes(), sealed, conversation) == b"Ich wurde angegriffen"
