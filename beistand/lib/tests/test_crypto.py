"""Sealing, key wrapping and associated data: every failure raises, nothing opens elsewhere."""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beistand.lib.crypto import (
    OVERHEAD,
    DecryptionError,
    UnknownMasterKey,
    associated_data,
    current_version,
    open_sealed,
    seal,
    unwrap_key,
    wrap_key,
    wrapped_version,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
AAD = associated_data("cases.note", "text", uuid.UUID(int=1), uuid.UUID(int=2))
MASTER = {1: os.urandom(32), 2: os.urandom(32)}


def test_round_trip_and_format():
    blob = seal(KEY, b"Angriff am Bahnhof", AAD)
    assert blob[0] == 0x01
    assert len(blob) == len(b"Angriff am Bahnhof") + OVERHEAD
    assert b"Bahnhof" not in blob
    assert open_sealed(KEY, blob, AAD) == b"Angriff am Bahnhof"


def test_sealing_twice_gives_different_ciphertexts():
    assert seal(KEY, b"same", AAD) != seal(KEY, b"same", AAD)


def test_empty_plaintext_is_sealed_like_any_other():
    blob = seal(KEY, b"", AAD)
    assert len(blob) == OVERHEAD
    assert open_sealed(KEY, blob, AAD) == b""


def test_every_flipped_bit_is_refused():
    blob = seal(KEY, b"a counselling note", AAD)
    for position in range(len(blob)):
        for bit in (0x01, 0x80):
            tampered = bytearray(blob)
            tampered[position] ^= bit
            with pytest.raises(DecryptionError):
                open_sealed(KEY, bytes(tampered), AAD)


@pytest.mark.parametrize("length", [0, 1, 12, OVERHEAD - 1])
def test_truncated_ciphertext_is_refused(length):
    blob = seal(KEY, b"note", AAD)
    with pytest.raises(DecryptionError, match="truncated"):
        open_sealed(KEY, blob[:length], AAD)


def test_cut_off_tail_is_refused():
    blob = seal(KEY, b"a longer counselling note", AAD)
    with pytest.raises(DecryptionError):
        open_sealed(KEY, blob[:-1], AAD)


def test_unknown_format_is_refused():
    blob = bytearray(seal(KEY, b"note", AAD))
    blob[0] = 0x07
    with pytest.raises(DecryptionError, match="unknown format"):
        open_sealed(KEY, bytes(blob), AAD)


def test_wrong_key_is_refused():
    with pytest.raises(DecryptionError):
        open_sealed(OTHER_KEY, seal(KEY, b"note", AAD), AAD)


@pytest.mark.parametrize(
    "other",
    [
        associated_data("cases.note", "text", uuid.UUID(int=3), uuid.UUID(int=2)),  # another row
        associated_data("cases.note", "summary", uuid.UUID(int=1), uuid.UUID(int=2)),  # another field
        associated_data("cases.note", "text", uuid.UUID(int=1), uuid.UUID(int=4)),  # another centre
        associated_data("cases.person", "text", uuid.UUID(int=1), uuid.UUID(int=2)),  # another model
        associated_data("cases.note", "text", uuid.UUID(int=1), None),  # no centre
        b"",
    ],
)
def test_ciphertext_bound_elsewhere_is_refused(other):
    with pytest.raises(DecryptionError):
        open_sealed(KEY, seal(KEY, b"note", AAD), other)


def test_associated_data_is_unambiguous_and_canonical():
    row, centre = uuid.uuid4(), uuid.uuid4()
    assert associated_data("a.b", "c", row, centre) == associated_data("A.B", "c", str(row).upper(), str(centre))
    # Length prefixes: moving a boundary between parts changes the encoding.
    assert associated_data("a.bc", "d", row, None) != associated_data("a.b", "cd", row, None)


def test_failure_messages_carry_no_content():
    secret = b"Name: Ayse Yilmaz"
    blob = seal(KEY, secret, AAD)
    with pytest.raises(DecryptionError) as raised:
        open_sealed(OTHER_KEY, blob, AAD)
    assert "Ayse" not in str(raised.value)
    assert blob.hex()[:16] not in str(raised.value)


def test_non_bytes_is_refused():
    with pytest.raises(DecryptionError):
        open_sealed(KEY, "not bytes", AAD)  # type: ignore[arg-type]


def test_keys_of_the_wrong_length_are_refused_when_sealing():
    with pytest.raises(ValueError):
        seal(b"short", b"x", AAD)


# --- wrapped keys ------------------------------------------------------------------------


def test_wrap_records_the_master_key_version():
    data_key = os.urandom(32)
    wrapped = wrap_key(MASTER, 2, data_key, b"key-aad")
    assert wrapped[0] == 0x02
    assert wrapped_version(wrapped) == 2
    assert unwrap_key(MASTER, wrapped, b"key-aad") == data_key
    assert data_key not in wrapped


def test_unwrap_with_a_missing_master_key_version_says_which():
    wrapped = wrap_key(MASTER, 2, os.urandom(32), b"key-aad")
    with pytest.raises(UnknownMasterKey, match="master key version 2 is not configured") as raised:
        unwrap_key({1: MASTER[1]}, wrapped, b"key-aad")
    assert raised.value.version == 2
    assert isinstance(raised.value, DecryptionError)


def test_wrap_with_an_unknown_version_is_refused():
    with pytest.raises(UnknownMasterKey):
        wrap_key(MASTER, 9, os.urandom(32), b"key-aad")


def test_relabelled_version_is_refused():
    # Version 1's key under a header claiming version 2 (with 2's key swapped in) must not open.
    wrapped = bytearray(wrap_key(MASTER, 1, os.urandom(32), b"key-aad"))
    wrapped[4] = 2
    with pytest.raises(DecryptionError):
        unwrap_key({1: MASTER[1], 2: MASTER[1]}, bytes(wrapped), b"key-aad")


def test_wrong_master_key_under_the_right_version_is_refused():
    wrapped = wrap_key(MASTER, 1, os.urandom(32), b"key-aad")
    with pytest.raises(DecryptionError):
        unwrap_key({1: os.urandom(32)}, wrapped, b"key-aad")


def test_wrapped_key_bound_to_another_row_is_refused():
    wrapped = wrap_key(MASTER, 1, os.urandom(32), b"key-aad")
    with pytest.raises(DecryptionError):
        unwrap_key(MASTER, wrapped, b"other-aad")


def test_current_version_is_the_highest():
    assert current_version({3: KEY, 1: KEY, 2: KEY}) == 3


# --- properties ----------------------------------------------------------------------------


@given(plaintext=st.binary(max_size=4096), aad=st.binary(max_size=256))
def test_property_any_bytes_round_trip(plaintext, aad):
    assert open_sealed(KEY, seal(KEY, plaintext, aad), aad) == plaintext


@given(text=st.text(max_size=2000))
def test_property_any_text_round_trips_as_utf8(text):
    assert open_sealed(KEY, seal(KEY, text.encode(), AAD), AAD).decode() == text


@given(garbage=st.binary(max_size=512), aad=st.binary(max_size=64))
def test_property_garbage_always_raises_decryption_error(garbage, aad):
    with pytest.raises(DecryptionError):
        open_sealed(KEY, garbage, aad)


@given(garbage=st.binary(max_size=512))
def test_property_garbage_wrapped_keys_always_raise_decryption_error(garbage):
    with pytest.raises(DecryptionError):
        unwrap_key(MASTER, garbage, b"key-aad")


@given(plaintext=st.binary(min_size=1, max_size=256), data=st.data())
def test_property_any_single_change_raises(plaintext, data):
    blob = bytearray(seal(KEY, plaintext, AAD))
    position = data.draw(st.integers(min_value=0, max_value=len(blob) - 1))
    blob[position] ^= data.draw(st.integers(min_value=1, max_value=255))
    with pytest.raises(DecryptionError):
        open_sealed(KEY, bytes(blob), AAD)
