"""TOTP secrets and recovery-code seeds encrypted at rest (allauth stores them plain by default).

Stored form: `bmfa1:<master key version>:<base64url of sealed(secret)>`, sealed
with AES-256-GCM under HKDF(master key, "beistand mfa v1"). The version in the
text lets `rotate_master_key` re-encrypt under a new master key while the old
one still opens what is there. Decrypting anything else — a plain secret left
from before this adapter, a damaged value — raises DecryptionError, so a
second factor never silently falls back to a plain or empty secret; migration
keys.0002 encrypts the secrets that existed before.

allauth passes no context to encrypt/decrypt, so the ciphertext cannot be bound
to its user: someone who can write the database could copy one account's
sealed secret onto another. Writing the database is a far stronger position
than this protects against; what this does protect is the secrets in a stolen
database or backup.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable, Mapping
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from beistand.lib.crypto import DecryptionError, current_version, derive_key, open_sealed, seal

PREFIX = "bmfa1"
_AAD = b"beistand mfa secret"
# Authenticator.data entries that hold secrets (TOTP, recovery codes, codes migrated from elsewhere).
SECRET_ENTRIES = ("secret", "seed")
SECRET_LISTS = ("migrated_codes",)


@functools.lru_cache(maxsize=16)
def _mfa_key(master_key: bytes) -> bytes:
    return derive_key(master_key, b"beistand mfa v1")


def encrypt_secret(text: str, master_keys: Mapping[int, bytes]) -> str:
    version = current_version(master_keys)
    blob = seal(_mfa_key(master_keys[version]), text.encode("utf-8"), _AAD)
    return f"{PREFIX}:{version}:{base64.urlsafe_b64encode(blob).decode()}"


def decrypt_secret(stored: str, master_keys: Mapping[int, bytes]) -> str:
    version, blob = _parse(stored)
    if version not in master_keys:
        raise DecryptionError(f"MFA secret was encrypted with master key version {version}, which is not configured")
    try:
        return open_sealed(_mfa_key(master_keys[version]), blob, _AAD).decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionError("MFA secret did not decrypt to text") from None


def is_encrypted(stored: Any) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX + ":")


def stored_version(stored: str) -> int:
    return _parse(stored)[0]


def _parse(stored: Any) -> tuple[int, bytes]:
    if not is_encrypted(stored):
        raise DecryptionError("MFA secret is not encrypted (run manage.py migrate)")
    try:
        _, version, encoded = stored.split(":", 2)
        return int(version), base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise DecryptionError("MFA secret is malformed") from None


def transform_secrets(data: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    """A copy of Authenticator.data with `change` applied to every secret in it."""
    changed = dict(data)
    for entry in SECRET_ENTRIES:
        if isinstance(changed.get(entry), str):
            changed[entry] = change(changed[entry])
    for entry in SECRET_LISTS:
        if isinstance(changed.get(entry), list):
            changed[entry] = [change(item) for item in changed[entry]]
    return changed


def secrets_in(data: dict[str, Any]) -> list[str]:
    found = [data[entry] for entry in SECRET_ENTRIES if isinstance(data.get(entry), str)]
    for entry in SECRET_LISTS:
        found.extend(item for item in data.get(entry) or [] if isinstance(item, str))
    return found


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_secret(text, settings.MASTER_KEYS)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text, settings.MASTER_KEYS)
