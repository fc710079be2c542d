"""HPKE for messages from the public, beside plain AES-GCM of the same bytes."""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from beistand.lib import hpke
from bench.core import Figure, Measurement, Target, figure, measure_pair

MESSAGE = os.urandom(2048)
CONTEXT = b"3f2c9a4e-bench-conversation"


@figure(order=30)
def hpke_seal_open_2kb() -> Figure:
    private, public = hpke.generate_keypair()
    cipher = AESGCM(AESGCM.generate_key(bit_length=256))

    def hpke_round_trip() -> None:
        hpke.open_sealed(private, hpke.seal(public, MESSAGE, CONTEXT), CONTEXT)

    def aes_gcm_round_trip() -> None:
        nonce = os.urandom(12)
        cipher.decrypt(nonce, cipher.encrypt(nonce, MESSAGE, CONTEXT), CONTEXT)

    measured, baseline = measure_pair(hpke_round_trip, aes_gcm_round_trip)
    return Figure(
        "HPKE seal+open, 2 KB (X25519, HKDF-SHA256, AES-256-GCM)",
        Measurement.of(measured),
        Measurement.of(baseline, "AESGCM encrypt+decrypt, same bytes"),
        # No design target of its own; 1 ms keeps it ~1 % of a first contact's 100 ms budget.
        Target("≤ 1 ms", maximum=0.001),
    )
