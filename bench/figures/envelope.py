"""Envelope encryption (beistand/keys) and the audit trail, beside their bare baselines."""

from __future__ import annotations

import os
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bench.core import Figure, Measurement, Target, database, figure, measure_pair

NOTE = ("Gesprächsnotiz: " + "x" * 2048)[:2048].encode()


def _centre():  # type: ignore[no-untyped-def]
    from beistand.network.models import Centre, Organisation

    carrier, _ = Organisation.objects.get_or_create(slug="bench-carrier", defaults={"name": "Bench e.V.", "kind": "carrier"})
    centre, _ = Centre.objects.get_or_create(
        slug="bench-centre", defaults={"name": "Bench", "type": "victim_counselling", "organisation": carrier}
    )
    return centre


@figure(order=10)
def note_round_trip() -> Figure:
    """A 2 KB note sealed and opened under a case key, with its associated data, as a field does."""
    from beistand.keys.models import DataKey, Purpose
    from beistand.lib.crypto import associated_data

    database()
    centre = _centre()
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
    centre = _centre()
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


@figure(order=50)
def audit_overhead() -> Figure:
    """The staff page of one centre, with and without writing a read event (bench/audit_urls.py)."""
    from django.test import override_settings

    database()
    client = _signed_in_client()
    with override_settings(ROOT_URLCONF="bench.audit_urls"):
        if client.get("/plain/bench-centre/").status_code != 200:  # also warms up
            raise RuntimeError("the centre page did not answer 200")
        measured, baseline = measure_pair(
            lambda: client.get("/audited/bench-centre/"), lambda: client.get("/plain/bench-centre/"),
            samples=80,
        )
    return Figure(
        "Audit overhead: staff page reading one record, with its event",
        Measurement.of(measured),
        Measurement.of(baseline, "same page without the event"),
        Target("≤ 10 % over the request", max_ratio=1.10),
    )


def _signed_in_client():  # type: ignore[no-untyped-def]
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    from beistand.accounts.models import Membership, Role, User

    user, created = User.objects.get_or_create(email="bench@bench.invalid", defaults={"display_name": "Bench"})
    if created:
        Membership.objects.create(user=user, role=Role.COUNSELLOR, centre=_centre())
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client
