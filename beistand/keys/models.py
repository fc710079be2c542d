"""Data keys, the rows bound to them, and the centres' HPKE key pairs.

Key hierarchy:

    master keys (settings.MASTER_KEYS, versioned, outside the database)
      └─ wrap ─ DataKey.wrapped_key: 32 random bytes of key material, AAD = the key's
                public id and centre
                     + a 32-byte secret per key in the key store (keystore.py)
                     └─ HKDF ─ the data key, which seals the fields of the rows bound to it
      └─ wrap ─ CentreKeyPair.wrapped_private_key (X25519, for HPKE messages)
      └─ HKDF ─ blind index keys (blind.py) and the MFA secret key (mfa.py)

Master-key rotation re-wraps the material only; the data keys themselves, and
so every ciphertext, stay as they are. Shredding deletes the key store secret
and nulls the wrapped material: neither the live database nor any database
backup can then rebuild the data key.

Unwrapped keys are cached on the DataKey instance only — in practice for one
request or task — never in a process-wide cache, so a key shredded by another
process fails in this one from its next request on. Within a process a shred
takes effect at once, even for other instances of the same key.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.keys.keystore import key_store
from beistand.lib.crypto import (
    KEY_BYTES,
    KeyDestroyed,
    aead,
    associated_data,
    current_version,
    derive_key,
    open_with,
    seal_with,
    unwrap_key,
    wrap_key,
)

# Keys shredded by this process: other instances of the same key, loaded before
# the shred and still holding the unwrapped key, must fail at once too.
_shredded_here: set[uuid.UUID] = set()


class Purpose(models.TextChoices):
    CASE = "case"
    CONVERSATION = "conversation"
    # A person known to a centre, shared by the cases they appear in.
    PERSON = "person"
    # An incident record, which may belong to several cases.
    INCIDENT = "incident"
    # A centre's private notes on referral directory entries.
    DIRECTORY_NOTE = "directory_note"
    SYSTEM = "system"


def derive_data_key(material: bytes, secret: bytes, public_id: uuid.UUID) -> bytes:
    """The usable data key: needs both the wrapped material and the key store secret."""
    return derive_key(material + secret, b"beistand data key v1|" + public_id.bytes)


def master_keys() -> dict[int, bytes]:
    return settings.MASTER_KEYS


class DataKey(models.Model):
    """A per-case (or per-conversation) key; its rows' ciphertext lives and dies with it.

    Key tables have no user interface, so their names are not translated.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="data_keys"
    )
    # NULL once shredded (a check constraint keeps it in step with destroyed_at).
    wrapped_key = models.BinaryField(null=True, editable=False)
    master_key_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set when data-key rotation moved the rows to `replaced_by`.
    rotated_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors"
    )
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(destroyed_at__isnull=True, wrapped_key__isnull=False)
                | Q(destroyed_at__isnull=False, wrapped_key__isnull=True),
                name="keys_datakey_shredded_has_no_key",
            ),
            models.CheckConstraint(
                condition=Q(purpose=Purpose.SYSTEM, centre__isnull=True)
                | (~Q(purpose=Purpose.SYSTEM) & Q(centre__isnull=False)),
                name="keys_datakey_centre_unless_system",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} key {self.public_id}"

    def __getstate__(self) -> dict[str, Any]:
        # A pickled instance (cache, task payload) must never carry the unwrapped key.
        state = super().__getstate__()
        state.pop("_unwrapped", None)
        state.pop("_cipher", None)
        return state

    @classmethod
    def create(cls, purpose: str, centre: Any = None) -> DataKey:
        """A fresh key wrapped by the current master key, its secret already in the key store."""
        key = cls(purpose=purpose, centre=centre)
        material = secrets.token_bytes(KEY_BYTES)
        secret = key_store().create(key.public_id)
        key.master_key_version = current_version(master_keys())
        key.wrapped_key = wrap_key(master_keys(), key.master_key_version, material, key.wrapping_aad())
        key.save()
        key.__dict__["_unwrapped"] = derive_data_key(material, secret, key.public_id)
        return key

    @property
    def centre_public_id(self) -> uuid.UUID | None:
        centre = self.centre if self.centre_id else None
        return centre.public_id if centre is not None else None

    @property
    def is_destroyed(self) -> bool:
        return (
            self.destroyed_at is not None
            or self.wrapped_key is None
            or self.public_id in _shredded_here
        )

    def wrapping_aad(self) -> bytes:
        return associated_data("keys.datakey", "wrapped_key", self.public_id, self.centre_public_id)

    def ensure_alive(self) -> None:
        if self.is_destroyed:
            self._forget()
            raise KeyDestroyed(f"data key {self.public_id} was shredded")

    def unwrap(self) -> bytes:
        """The data key itself. Raises KeyDestroyed after a shred, DecryptionError otherwise."""
        self.ensure_alive()
        cached = self.__dict__.get("_unwrapped")
        if cached is None:
            material = unwrap_key(master_keys(), bytes(self.wrapped_key or b""), self.wrapping_aad())
            secret = key_store().read(self.public_id, self.created_at)
            cached = self.__dict__["_unwrapped"] = derive_data_key(material, secret, self.public_id)
        return cached

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        return seal_with(self._aead(), plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        return open_with(self._aead(), blob, aad)

    def _aead(self) -> AESGCM:
        key = self.unwrap()  # also checks that the key is alive
        cipher = self.__dict__.get("_cipher")
        if cipher is None:
            cipher = self.__dict__["_cipher"] = aead(key)
        return cipher

    def rewrap(self, version: int) -> None:
        """Wraps the same material with master key `version` (rotate_master_key)."""
        aad = self.wrapping_aad()
        material = unwrap_key(master_keys(), bytes(self.wrapped_key or b""), aad)
        self.wrapped_key = wrap_key(master_keys(), version, material, aad)
        self.master_key_version = version

    def shred(self) -> None:
        """Crypto-shreds this key and every key it replaced, at once and for good.

        The key store secrets go first: if anything after that fails, the keys
        are already unusable (fail closed) and calling shred() again completes
        the rows. A surrounding transaction that rolls back does not bring the
        keys back.
        """
        lineage = self._lineage()
        for key in lineage:
            _shredded_here.add(key.public_id)
            key_store().destroy(key.public_id)
        now = timezone.now()
        with transaction.atomic():
            alive = list(
                DataKey.objects.select_for_update(of=("self",))
                .select_related("centre")
                .filter(pk__in=[key.pk for key in lineage], destroyed_at__isnull=True)
            )
            DataKey.objects.filter(pk__in=[key.pk for key in alive]).update(
                wrapped_key=None, destroyed_at=now
            )
            for key in alive:
                record(Action.SHRED, obj=key, centre_id=key.centre_public_id)
        self.wrapped_key, self.destroyed_at = None, self.destroyed_at or now
        self._forget()

    def _forget(self) -> None:
        """Drops any cached key material from this instance."""
        self.__dict__.pop("_unwrapped", None)
        self.__dict__.pop("_cipher", None)

    def _lineage(self) -> list[DataKey]:
        """This key and, recursively, the keys it replaced (their rows moved to this one)."""
        found: list[DataKey] = [self]
        frontier = [self.pk]
        while frontier:
            older = list(DataKey.objects.filter(replaced_by__in=frontier))
            found.extend(older)
            frontier = [key.pk for key in older]
        return found


class EncryptedModel(models.Model):
    """A model whose encrypted fields are sealed with the row's data key.

    Associated data binds each ciphertext to the model, the field, this row's
    public_id and the centre from `aad_centre_id()` (by default the data key's
    centre; override it where the row has its own centre). For lists, load the
    keys with `select_related("data_key__centre")`, or `prefetch_related("data_key")`
    when many rows share one key, so each key is unwrapped once.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+", editable=False)

    # The data key the loaded ciphertext was sealed with (see fields.EncryptedField.pre_save).
    _sealed_under: int | None = None

    class Meta:
        abstract = True

    def aad_centre_id(self) -> uuid.UUID | None:
        return self.data_key.centre_public_id

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._sealed_under = instance.__dict__.get("data_key_id")
        return instance


class CentreKeyPair(models.Model):
    """A centre's X25519 key pair: the public sends messages to the public key (HPKE).

    The private key is wrapped by the master key for now; a later step moves its
    custody into the counsellors' browsers. Messages name the pair they were
    sealed to (its public_id) and do not depend on where the private key lives.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, related_name="key_pairs"
    )
    public_key = models.BinaryField(max_length=32)
    wrapped_private_key = models.BinaryField(editable=False)
    master_key_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["centre"], condition=Q(retired_at__isnull=True),
                name="keys_one_current_key_pair_per_centre",
            )
        ]

    def __str__(self) -> str:
        return f"key pair {self.public_id}"

    @classmethod
    def current_for(cls, centre: Any) -> CentreKeyPair:
        """The centre's current pair, generated on first use (safe under concurrency)."""
        pair = cls._current(centre)
        if pair is not None:
            return pair
        try:
            with transaction.atomic():
                return cls.generate(centre)
        except IntegrityError:
            # Another request generated it at the same moment: use theirs.
            return cls.objects.get(centre=centre, retired_at__isnull=True)

    @classmethod
    def _current(cls, centre: Any) -> CentreKeyPair | None:
        return cls.objects.filter(centre=centre, retired_at__isnull=True).first()

    @classmethod
    def generate(cls, centre: Any) -> CentreKeyPair:
        private = X25519PrivateKey.generate()
        pair = cls(centre=centre, public_key=private.public_key().public_bytes_raw())
        pair.master_key_version = current_version(master_keys())
        pair.wrapped_private_key = wrap_key(
            master_keys(), pair.master_key_version, private.private_bytes_raw(), pair.wrapping_aad()
        )
        pair.save()
        return pair

    def wrapping_aad(self) -> bytes:
        return associated_data(
            "keys.centrekeypair", "wrapped_private_key", self.public_id, self.centre.public_id
        )

    def private_key_bytes(self) -> bytes:
        """The raw X25519 private key (32 bytes); DecryptionError if anything does not match."""
        return unwrap_key(master_keys(), bytes(self.wrapped_private_key), self.wrapping_aad())

    def rewrap(self, version: int) -> None:
        aad = self.wrapping_aad()
        private = unwrap_key(master_keys(), bytes(self.wrapped_private_key), aad)
        self.wrapped_private_key = wrap_key(master_keys(), version, private, aad)
        self.master_key_version = version

    def retire(self) -> None:
        """No new messages to this pair; it still opens the messages sealed to it."""
        self.retired_at = timezone.now()
        self.save(update_fields=["retired_at"])
