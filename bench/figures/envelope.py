"""Envelope encryption (beistand/keys), beside bare AES-GCM (the audit figures are in audit.py)."""

from __future__ import annotations

import os
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bench.core import Figure, Measurement, Target, database, figure, measure_pair
from bench.fixtures import bench_centre

NOTE = ("Gesprächsnotiz: " + "x" * 2048)[:2048].encode()


@figure(order=10)
def note_round_trip() -> Figure:
    """A 2 KB note sealed and opened under a case key, with its associated data, as a field does."""
    from beistand.keys.models import DataKey, Purpose
    from beistand.lib.crypto import associated_data

    database()
    centre = bench_centre()
    key = DataKey.create(Purpose.CASE, centre)
    row = uuid.uuid4()
    bare = AESGCM(AESGCM.generate_key(bit_length=256))

    def through_keys() -> None:
        aad = associated_data("cases.session", "note", row, centre.public_id)
        key.open(key.seal(NOTE, aad), aad)

    def bare_aes_gcm() -> None:
        nonce = os.urandom(12)
        bare.decrypt(nonce, bare.encrypt(nonce, NOTE, b""), b"")

    measured, baseline = measure_pair(through_keys, bare_aes_gcm)
    return Figure(
        "Encrypt+decrypt a 2 KB note (case key, associated data)",
        Measurement.of(measured),
        Measurement.of(baseline, "bare AES-GCM, same bytes"),
        Target("≤ 0.2 ms", maximum=0.0002),
    )


@figure(order=11)
def fifty_pseudonyms() -> Figure:
    """The crypto of a case list page: 50 rows, each under its own case key, opened from cold.

    Each round forgets the unwrapped keys, as freshly loaded rows would not have
    them, so every key is unwrapped (master key, key store read, HKDF) before
    its pseudonym is opened.
    """
    from beistand.keys.models import DataKey, Purpose
    from beistand.lib.crypto import associated_data

    database()
    centre = bench_centre()
    rows = []
    for _ in range(50):
        key = DataKey.create(Purpose.CASE, centre)
        aad = associated_data("cases.person", "pseudonym", uuid.uuid4(), centre.public_id)
        rows.append((key.pk, aad, key.seal(b"Person A.", aad)))
    loaded = {key.pk: key for key in DataKey.objects.select_related("centre").filter(pk__in=[r[0] for r in rows])}
    warm = [AESGCM(loaded[pk].unwrap()) for pk, _, _ in rows]

    def cold_keys() -> None:
        for pk, aad, blob in rows:
            key = loaded[pk]
            # Forget the unwrapped key, as a freshly loaded row would not have it.
            key.__dict__.pop("_unwrapped", None)
            key.__dict__.pop("_cipher", None)
            key.open(blob, aad)

    def opens_only() -> None:
        for cipher, (_, aad, blob) in zip(warm, rows, strict=True):
            cipher.decrypt(blob[1:13], blob[13:], bytes([blob[0]]) + aad)

    measured, baseline = measure_pair(cold_keys, opens_only, samples=20)
    return Figure(
        "List page: decrypt 50 pseudonyms under 50 case keys",
        Measurement.of(measured),
        Measurement.of(baseline, "50 AES-GCM opens, keys ready"),
        Target("≤ 5 ms of crypto", maximum=0.005),
    )
