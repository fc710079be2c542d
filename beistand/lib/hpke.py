"""Hybrid public key encryption (RFC 9180) for messages from the public.

A message from the public is sealed to a centre's public key the moment it
arrives; a reply is sealed to the person's passphrase-derived public key. Only
the holder of the matching private key opens it. Where that private key lives
(wrapped by the master key on the server today, in the counsellors' browsers
later) is no concern of this module or of the stored bytes.

Suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, base mode, via
`cryptography.hazmat.primitives.hpke`. AES-256-GCM rather than
ChaCha20-Poly1305 because the browsers that will hold the counsellors' keys
offer X25519, HKDF and AES-GCM in WebCrypto but no ChaCha20-Poly1305, so they
can open these messages with the platform's own code; it is also the AEAD of
the envelope encryption (one primitive to review) and hardware-accelerated on
the servers. Each seal derives a fresh key from a fresh ephemeral key pair, so
GCM's nonce limits never come into play.

Stored format, version 1 (all of it is what `seal` returns):

    offset  size  field
    0       1     format version, 0x01
    1       6     suite id: kem_id, kdf_id, aead_id as 2-byte big-endian
                  integers (RFC 9180 section 7): 0x0020 0x0001 0x0002
    7       32    enc, the sender's ephemeral X25519 public key
    39      n+16  AES-256-GCM ciphertext and tag of the n-byte plaintext

The version fixes this framing and how `info` is built; the suite id lets a
later suite (for instance the post-quantum hybrid ML-KEM-768 + X25519, which
`cryptography` already offers) live beside this one without a new version.

The context (the conversation id) is bound as HPKE `info`:
`info = b"beistand/hpke" + version + suite id + context`. `info` enters the key
schedule, so a message opened under another conversation's id, or with its
version or suite bytes altered, derives another key and fails the tag check.
AAD would bind it equally well for single-shot messages, but the public API of
`cryptography` takes only `info`, and `info` also keeps the binding out of the
message bytes. The context is 1 to 255 bytes, well inside what other HPKE
implementations accept for `info` (OpenSSL caps it at 1,024 bytes).

`derive_keypair` is RFC 9180's DeriveKeyPair for X25519 (section 7.1.3), built
on `cryptography`'s HKDF and X25519 because its HPKE module has no
deterministic key derivation; `beistand.lib.passphrases` uses it to turn a
passphrase-derived secret into the reply key pair. The tests check it against
the RFC's test vectors. `cryptography` offers no way to fix the ephemeral key,
so `seal` cannot be checked against a vector directly; the tests instead
decrypt the RFC's vector with `cryptography`'s HPKE and cross-check `seal` and
`open_sealed` against an independent RFC 9180 implementation that is itself
checked against the vector.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hpke as _hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

VERSION = 1
KEM_ID, KDF_ID, AEAD_ID = 0x0020, 0x0001, 0x0002
SUITE_ID = KEM_ID.to_bytes(2, "big") + KDF_ID.to_bytes(2, "big") + AEAD_ID.to_bytes(2, "big")
HEADER = bytes([VERSION]) + SUITE_ID
KEY_BYTES = 32  # X25519 private keys, public keys and enc
TAG_BYTES = 16
MAX_CONTEXT_BYTES = 255
INFO_LABEL = b"beistand/hpke"

_SUITES = {SUITE_ID: _hpke.Suite(_hpke.KEM.X25519, _hpke.KDF.HKDF_SHA256, _hpke.AEAD.AES_256_GCM)}
# RFC 9180 section 4.1: the KEM's own suite id, used by DeriveKeyPair.
_KEM_SUITE_ID = b"KEM" + KEM_ID.to_bytes(2, "big")


class HPKEError(Exception):
    """Sealing or opening failed: wrong key, wrong context, damaged or unknown message."""


def generate_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as (raw private key, raw public key), 32 bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), _raw_public(private)


def seal(public_key: bytes, plaintext: bytes, context: bytes) -> bytes:
    """Encrypt `plaintext` to `public_key`, bound to `context` (the conversation id)."""
    info = _info(HEADER, context)
    try:
        recipient = X25519PublicKey.from_public_bytes(public_key)
        sealed = _SUITES[SUITE_ID].encrypt(plaintext, recipient, info=info)
    except ValueError:
        # A wrong-sized or low-order public key (the shared secret would be zero).
        raise HPKEError("cannot seal to this public key") from None
    return HEADER + sealed


def open_sealed(private_key: bytes, sealed: bytes, context: bytes) -> bytes:
    """Decrypt what `seal` produced; raises HPKEError on any mismatch or damage."""
    header, suite = _parse_header(sealed)
    info = _info(header, context)
    try:
        recipient = X25519PrivateKey.from_private_bytes(private_key)
        return suite.decrypt(sealed[len(header) :], recipient, info=info)
    except (InvalidTag, ValueError):
        raise HPKEError("the message cannot be opened with this key and context") from None


def derive_keypair(ikm: bytes) -> tuple[bytes, bytes]:
    """RFC 9180 DeriveKeyPair for DHKEM(X25519, HKDF-SHA256): the same `ikm` gives the same pair.

    `ikm` must hold at least 32 bytes of entropy (RFC 9180 section 7.1.3).
    """
    if len(ikm) < KEY_BYTES:
        raise ValueError("DeriveKeyPair needs at least 32 bytes of input keying material")
    dkp_prk = _labeled_extract(b"", b"dkp_prk", ikm)
    private_raw = _labeled_expand(dkp_prk, b"sk", b"", KEY_BYTES)
    private = X25519PrivateKey.from_private_bytes(private_raw)
    return private_raw, _raw_public(private)


def public_key_of(private_key: bytes) -> bytes:
    """The raw public key that belongs to a raw X25519 private key."""
    try:
        return _raw_public(X25519PrivateKey.from_private_bytes(private_key))
    except ValueError:
        raise HPKEError("not an X25519 private key") from None


def _parse_header(sealed: bytes) -> tuple[bytes, _hpke.Suite]:
    if len(sealed) < len(HEADER) + KEY_BYTES + TAG_BYTES:
        raise HPKEError("the message is truncated")
    if sealed[0] != VERSION:
        raise HPKEError(f"unknown message format version {sealed[0]}")
    suite = _SUITES.get(bytes(sealed[1 : len(HEADER)]))
    if suite is None:
        raise HPKEError("unknown HPKE suite")
    return bytes(sealed[: len(HEADER)]), suite


def _info(header: bytes, context: bytes) -> bytes:
    # The header has a fixed length, so label + header + context is unambiguous.
    if not 0 < len(context) <= MAX_CONTEXT_BYTES:
        raise HPKEError(f"the context must be 1 to {MAX_CONTEXT_BYTES} bytes long")
    return INFO_LABEL + header + bytes(context)


def _raw_public(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _labeled_extract(salt: bytes, label: bytes, ikm: bytes) -> bytes:
    """RFC 9180 LabeledExtract with the KEM's suite id (HKDF-Extract is HMAC)."""
    labeled_ikm = b"HPKE-v1" + _KEM_SUITE_ID + label + ikm
    return hmac.new(salt or bytes(32), labeled_ikm, hashlib.sha256).digest()


def _labeled_expand(prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    """RFC 9180 LabeledExpand with the KEM's suite id."""
    labeled_info = length.to_bytes(2, "big") + b"HPKE-v1" + _KEM_SUITE_ID + label + info
    return HKDFExpand(hashes.SHA256(), length, labeled_info).derive(prk)
