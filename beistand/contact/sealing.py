"""What a message holds, and how it is sealed to the centre and to the person.

Payload, version 1: UTF-8 JSON, sealed whole with HPKE (beistand.lib.hpke)

    {"v": 1, "text": "...", "contact": "...", "safe_time": "...",
     "centre": "<name of the replying centre>", "files": [{"name", "type", "size"}]}

Only "v" and "text" are always there. The context of every seal is the
conversation's public id, so a sealed message copied into another
conversation does not open. Attachments are sealed as their raw bytes, their
details ({"name", "type", "size"}) as a JSON payload of their own.

Opening for the centre needs the private key of the pair a message was sealed
to; `CentreOpener` unwraps each pair once per request.
"""

from __future__ import annotations

import json
from typing import Any

from beistand.keys.models import CentreKeyPair
from beistand.lib import hpke

PAYLOAD_VERSION = 1


class PayloadError(Exception):
    """A sealed payload opened, but is not a payload this code understands."""


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps({"v": PAYLOAD_VERSION, **payload}, ensure_ascii=False, separators=(",", ":")).encode()


def decode(plaintext: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(plaintext)
    except ValueError:
        raise PayloadError("the payload is not JSON") from None
    if not isinstance(payload, dict) or payload.get("v") != PAYLOAD_VERSION:
        raise PayloadError("unknown payload version")
    return payload


def seal_payload(public_key: bytes | memoryview, payload: dict[str, Any], context: bytes) -> bytes:
    return hpke.seal(bytes(public_key), encode(payload), context)


def open_payload(private_key: bytes, sealed: bytes, context: bytes) -> dict[str, Any]:
    return decode(hpke.open_sealed(private_key, sealed, context))


class CentreOpener:
    """Opens what was sealed to centres' key pairs, unwrapping each private key once."""

    def __init__(self) -> None:
        self._private: dict[int, bytes] = {}

    def private_key(self, pair: CentreKeyPair) -> bytes:
        if pair.pk not in self._private:
            self._private[pair.pk] = pair.private_key_bytes()
        return self._private[pair.pk]

    def open_bytes(self, pair: CentreKeyPair, sealed: bytes, context: bytes) -> bytes:
        return hpke.open_sealed(self.private_key(pair), sealed, context)

    def open_payload(self, pair: CentreKeyPair, sealed: bytes, context: bytes) -> dict[str, Any]:
        return decode(self.open_bytes(pair, sealed, context))
