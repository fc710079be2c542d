"""Passphrase work of a request: one Argon2id run, inside one of the process's work slots.

A flood of first contacts or returns gets `Busy` (the view answers HTTP 429
with Retry-After and keeps what the person typed) instead of a queue of
derivations that eats memory and time. See beistand.lib.passphrases.
"""

from __future__ import annotations

from beistand.lib.passphrases import Busy, PassphraseKeys, derive, passphrase_work_slot

__all__ = ["Busy", "derive_keys"]


def derive_keys(passphrase: str) -> PassphraseKeys:
    """Lookup id and reply key pair of a passphrase; Busy when every slot is taken."""
    with passphrase_work_slot():
        return derive(passphrase)
