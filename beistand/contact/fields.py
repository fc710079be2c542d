"""An encrypted field for bytes: the outer layer around HPKE-sealed messages.

Messages from and to the public are sealed with HPKE first (beistand.lib.hpke)
and then stored in a `SealedBytesField`, which seals them once more with the
conversation's data key like every other encrypted field. The second layer is
what makes deletion real: shredding the conversation's data key makes the
stored bytes unreadable, in the live database and in every backup, although the
centre's HPKE private key lives on.
"""

from __future__ import annotations

from typing import Any

from beistand.keys.fields import EncryptedField


class SealedBytesField(EncryptedField):
    """Bytes in, bytes out; stored sealed with the row's data key."""

    def accept(self, value: Any) -> bytes:
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(f"{self.name} takes bytes or None, not {type(value).__name__}")
        return bytes(value)

    def encode(self, value: bytes) -> bytes:
        return bytes(value)

    def decode(self, plaintext: bytes) -> bytes:
        return bytes(plaintext)
