"""AES-256-GCM sealing, key wrapping and associated data: pure functions, no Django.

Formats (all binary, the first byte names the format so that a later format can
be introduced without guessing):

    sealed   = 0x01 | nonce (12 random bytes) | ciphertext | tag (16 bytes)
    wrapped  = 0x02 | master key version (4 bytes, big-endian) | sealed(data key)

The format byte (and for wrapped keys the whole header) is part of the
authenticated data, so a blob cannot be relabelled as another format or as
wrapped by another master key version.

Associated data (AAD) binds a ciphertext to where it belongs. For a field it
names the model, the field, the row and the centre (`associated_data`), so a
ciphertext copied to another row, field or centre fails to open.

Every failure to open raises `DecryptionError` (or a subclass) with a message
that carries no plaintext and no ciphertext; nothing here ever returns the
ciphertext or an empty value in place of the plaintext.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
FORMAT_SEALED = 0x01
FORMAT_WRAPPED = 0x02
# What sealing adds to the plaintext: format byte, nonce, tag.
OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES
_WRAP_HEADER = 1 + 4
_AAD_LABEL = b"beistand-aad-v1"


class DecryptionError(Exception):
    """A ciphertext could not be opened: tampered, truncated, wrong key, wrong
    associated data or unknown format. The message never carries content."""


class KeyDestroyed(DecryptionError):
    """The data key was crypto-shredded: what it protected is gone for good."""


class UnknownMasterKey(DecryptionError):
    """A wrapped key names a master key version that is not configured."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"master key version {version} is not configured (BEISTAND_MASTER_KEYS); "
            "add it back to open what was wrapped with it"
        )
        self.version = version


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypts and authenticates plaintext under a 32-byte key, bound to aad."""
    _require_key(key)
    header = bytes([FORMAT_SEALED])
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """The plaintext of a sealed blob, or DecryptionError."""
    return open_with(aead(key), blob, aad)


def aead(key: bytes) -> AESGCM:
    """The cipher object for a key, for callers that open many blobs with one key."""
    _require_key(key)
    return AESGCM(key)


def seal_with(cipher: AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    header = bytes([FORMAT_SEALED])
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + cipher.encrypt(nonce, plaintext, header + aad)


def open_with(cipher: AESGCM, blob: bytes, aad: bytes) -> bytes:
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise DecryptionError("ciphertext is not bytes")
    blob = bytes(blob)
    if len(blob) < OVERHEAD:
        raise DecryptionError("ciphertext is truncated")
    if blob[0] != FORMAT_SEALED:
        raise DecryptionError("ciphertext has an unknown format")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return cipher.decrypt(nonce, body, blob[:1] + aad)
    except InvalidTag:
        # One message for all causes: telling them apart would help nobody but an attacker.
        raise DecryptionError(
            "ciphertext failed authentication (tampered, wrong key, or bound to another record)"
        ) from None


def wrap_key(master_keys: Mapping[int, bytes], version: int, data_key: bytes, aad: bytes) -> bytes:
    """Seals a data key under master key `version`; the version is recorded in the blob."""
    _require_key(data_key)
    header = _wrap_header(version)
    return header + seal(_master_key(master_keys, version), data_key, header + aad)


def unwrap_key(master_keys: Mapping[int, bytes], wrapped: bytes, aad: bytes) -> bytes:
    """The data key inside a wrapped blob, opened with the master key version it names."""
    version = wrapped_version(wrapped)
    wrapped = bytes(wrapped)
    header = wrapped[:_WRAP_HEADER]
    data_key = open_sealed(_master_key(master_keys, version), wrapped[_WRAP_HEADER:], header + aad)
    if len(data_key) != KEY_BYTES:
        raise DecryptionError("wrapped key has the wrong length")
    return data_key


def wrapped_version(wrapped: bytes) -> int:
    """The master key version a wrapped blob was made with."""
    if not isinstance(wrapped, bytes | bytearray | memoryview):
        raise DecryptionError("wrapped key is not bytes")
    wrapped = bytes(wrapped)
    if len(wrapped) < _WRAP_HEADER + OVERHEAD:
        raise DecryptionError("wrapped key is truncated")
    if wrapped[0] != FORMAT_WRAPPED:
        raise DecryptionError("wrapped key has an unknown format")
    return int.from_bytes(wrapped[1:_WRAP_HEADER], "big")


def current_version(master_keys: Mapping[int, bytes]) -> int:
    """New wrapping always uses the highest configured version."""
    if not master_keys:
        raise UnknownMasterKey(0)
    return max(master_keys)


def associated_data(
    model_label: str,
    field: str,
    row_public_id: uuid.UUID | str,
    centre_public_id: uuid.UUID | str | None,
) -> bytes:
    """Binds a ciphertext to model, field, row and centre (None for system data).

    Each part is length-prefixed, so no two different tuples encode alike.
    """
    parts = [
        _AAD_LABEL,
        model_label.lower().encode(),
        field.encode(),
        _canonical_uuid(row_public_id),
        _canonical_uuid(centre_public_id) if centre_public_id is not None else b"",
    ]
    return b"".join(len(part).to_bytes(2, "big") + part for part in parts)


def derive_key(secret: bytes, info: bytes, *, salt: bytes | None = None) -> bytes:
    """A 32-byte key for one purpose (named by info) from a secret, with HKDF-SHA256."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def keyed_digest(key: bytes, message: bytes) -> bytes:
    """HMAC-SHA256, for blind indexes."""
    return hmac.new(key, message, hashlib.sha256).digest()


def _canonical_uuid(value: uuid.UUID | str) -> bytes:
    # UUID("ABC…") and "abc…" must give the same AAD.
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).encode()


def _wrap_header(version: int) -> bytes:
    if not 0 <= version < 2**32:
        raise ValueError("master key version out of range")
    return bytes([FORMAT_WRAPPED]) + version.to_bytes(4, "big")


def _master_key(master_keys: Mapping[int, bytes], version: int) -> bytes:
    try:
        return master_keys[version]
    except KeyError:
        raise UnknownMasterKey(version) from None


def _require_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"an AES-256 key has exactly {KEY_BYTES} bytes")
