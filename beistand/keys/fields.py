"""Encrypted model fields: assign and read plain values, store only ciphertext.

    class Person(EncryptedModel):
        pseudonym = EncryptedTextField()
        notes = EncryptedTextField(null=True)
        details = EncryptedJSONField(default=dict)

`person.pseudonym = "Ayşe"` keeps the text on the instance; `save()` seals it
with the row's data key (AES-256-GCM, associated data = model, field, row
public_id, centre). Reading `person.pseudonym` after loading opens the
ciphertext on first access only, notes the decryption for the audit log, and
keeps the plain value on the instance. Failures raise DecryptionError or
KeyDestroyed — never ciphertext, never an empty value.

None is stored as NULL (no ciphertext); everything else, "" and {} included,
is encrypted. The column is binary (bytea / BLOB) on both databases. Encrypted
columns cannot be filtered on (only `__isnull`), and `update()`/`bulk_update()`
with plain values are refused: use a BlindIndexField for exact matches.
Plain values never reach repr(), pickles, error messages or dumpdata.
"""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

from django import forms
from django.core import checks
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.functional import Promise

from beistand.audit.events import note_decryption
from beistand.keys import registry
from beistand.lib.crypto import DecryptionError, associated_data


class Sealed:
    """Ciphertext as loaded from the database, not opened yet."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __repr__(self) -> str:
        return f"<sealed {len(self.blob)} bytes>"


class Ciphertext(bytes):
    """What pre_save hands to the database: the only bytes an encrypted column accepts."""


class _Opened:
    """A decrypted value with the ciphertext it came from (reused when unchanged)."""

    __slots__ = ("blob", "key_pk", "plaintext", "value")

    def __init__(self, value: Any, plaintext: bytes, blob: bytes, key_pk: int) -> None:
        self.value, self.plaintext, self.blob, self.key_pk = value, plaintext, blob, key_pk

    def __repr__(self) -> str:
        return "<decrypted value>"

    def __reduce__(self) -> tuple[type[Sealed], tuple[bytes]]:
        # Pickles (caches, task payloads) carry the ciphertext, never the plain value.
        return Sealed, (self.blob,)

    def __deepcopy__(self, memo: dict) -> _Opened:
        # Copies within the process (e.g. setUpTestData) keep the plain value.
        return _Opened(copy.deepcopy(self.value, memo), self.plaintext, self.blob, self.key_pk)


class _Assigned:
    """A plain value set by code and not saved (so not sealed) yet."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<unsaved value>"

    def __reduce__(self) -> Any:
        raise TypeError("an unsaved encrypted value cannot be pickled")

    def __deepcopy__(self, memo: dict) -> _Assigned:
        return _Assigned(copy.deepcopy(self.value, memo))


_MISSING = object()


class EncryptedAttribute(DeferredAttribute):
    """The descriptor: opens lazily on read, keeps plain values off the database path."""

    field: EncryptedField

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        state = instance.__dict__.get(self.field.attname, _MISSING)
        if state is _MISSING:
            state = self.field.load_deferred(instance)
        return self.field.value_of(instance, state)

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = self.field.state_for(value)


class EncryptedField(models.Field):
    """Base of the encrypted fields; subclasses say how a value becomes bytes."""

    is_encrypted = True
    descriptor_class = EncryptedAttribute

    def get_internal_type(self) -> str:
        return "BinaryField"

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        registry.register(cls)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *check_on_encrypted_model(self)]

    # --- values: what subclasses define ------------------------------------------------

    def encode(self, value: Any) -> bytes:
        raise NotImplementedError

    def decode(self, plaintext: bytes) -> Any:
        raise NotImplementedError

    def accept(self, value: Any) -> Any:
        """Checks a plain value on assignment (type errors surface where they are made)."""
        return value

    # --- the descriptor's states ----------------------------------------------------------

    def state_for(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed | _Opened | _Assigned):
            return value
        return _Assigned(self.accept(value))

    def value_of(self, instance: Any, state: Any) -> Any:
        if state is None:
            return None
        if isinstance(state, _Assigned):
            return state.value
        if isinstance(state, _Opened):
            # A shred takes effect at once, even for values already opened.
            data_key_of(instance).ensure_alive()
            return state.value
        if isinstance(state, Sealed):
            return self.open(instance, state)
        raise TypeError(f"unexpected state of {self.name}")

    def load_deferred(self, instance: Any) -> Any:
        """A deferred column: fetch its ciphertext only, open it on the way out."""
        if instance.pk is None:
            raise AttributeError(self.attname)
        manager = type(instance)._base_manager.db_manager(instance._state.db)
        state = manager.filter(pk=instance.pk).values_list(self.attname, flat=True).get()
        instance.__dict__[self.attname] = state
        return state

    # --- sealing and opening ---------------------------------------------------------------

    def aad(self, instance: Any, centre_id: Any, part: str = "") -> bytes:
        return associated_data(owner_label(self), self.name + part, instance.public_id, centre_id)

    def open(self, instance: Any, sealed: Sealed) -> Any:
        data_key = data_key_of(instance)
        centre_id = instance.aad_centre_id()
        plaintext = data_key.open(sealed.blob, self.aad(instance, centre_id))
        value = self.decode(plaintext)
        note_decryption(instance, self.name, centre_id)
        instance.__dict__[self.attname] = _Opened(value, plaintext, sealed.blob, data_key.pk)
        return value

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        state = model_instance.__dict__.get(self.attname)
        if state is None:
            return None
        if isinstance(state, Sealed):
            return self._unchanged(model_instance, state.blob)
        plaintext = self.encode(state.value)
        if (
            isinstance(state, _Opened)
            and state.key_pk == model_instance.data_key_id
            and plaintext == state.plaintext
        ):
            return Ciphertext(state.blob)
        return self._seal(model_instance, state.value, plaintext)

    def _unchanged(self, instance: Any, blob: bytes) -> Ciphertext:
        loaded_under = getattr(instance, "_sealed_under", None)
        if loaded_under is not None and loaded_under != instance.data_key_id:
            raise ValueError(
                f"{self.name} was sealed with another data key: read it before moving the row "
                "to a new key (keys.tasks.rotate_data_key does this)"
            )
        return Ciphertext(blob)

    def _seal(self, instance: Any, value: Any, plaintext: bytes) -> Ciphertext:
        data_key = data_key_of(instance)
        blob = data_key.seal(plaintext, self.aad(instance, instance.aad_centre_id()))
        instance.__dict__[self.attname] = _Opened(value, plaintext, blob, data_key.pk)
        return Ciphertext(blob)

    # --- the database side ----------------------------------------------------------------------

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Sealed | None:
        return None if value is None else Sealed(bytes(value))

    def get_prep_value(self, value: Any) -> bytes | None:
        if value is None:
            return None
        if isinstance(value, Sealed):
            return value.blob
        if isinstance(value, Ciphertext):
            return bytes(value)
        raise TypeError(
            f"{self.model._meta.label}.{self.name} is encrypted: it cannot be compared with or "
            "written as a plain value (save the instance; use a BlindIndexField to look up)"
        )

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = value if prepared else self.get_prep_value(value)
        return None if value is None else connection.Database.Binary(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext is randomised: no comparison is meaningful except with NULL
        # (`exact` stays so that `=None` becomes IS NULL; a value is refused by get_prep_value).
        return super().get_lookup(lookup_name) if lookup_name in ("isnull", "exact") else None

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: Any) -> str:
        """dumpdata and other serialisers get the ciphertext (base64), never the plain value."""
        state = obj.__dict__.get(self.attname)
        if state is None:
            return ""
        if isinstance(state, Sealed | _Opened):
            return base64.b64encode(state.blob).decode()
        raise TypeError(f"{self.name} holds an unsaved value: save before serialising")


class EncryptedTextField(EncryptedField):
    """Text, sealed as UTF-8."""

    def accept(self, value: Any) -> str:
        if isinstance(value, Promise):
            value = str(value)
        if not isinstance(value, str):
            raise TypeError(f"{self.name} takes text (str) or None, not {type(value).__name__}")
        return value

    def encode(self, value: str) -> bytes:
        return value.encode("utf-8")

    def decode(self, plaintext: bytes) -> str:
        try:
            return plaintext.decode("utf-8")
        except UnicodeDecodeError:
            raise DecryptionError(f"{self.name} did not decrypt to text") from None

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("widget", forms.Textarea)
        return super().formfield(form_class or forms.CharField, choices_form_class, **kwargs)


class EncryptedJSONField(EncryptedField):
    """JSON values (dict, list, str, number, bool); Python None is SQL NULL, not JSON null."""

    empty_strings_allowed = False

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()

    def decode(self, plaintext: bytes) -> Any:
        try:
            return json.loads(plaintext)
        except ValueError:
            raise DecryptionError(f"{self.name} did not decrypt to JSON") from None

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        return super().formfield(form_class or forms.JSONField, choices_form_class, **kwargs)


def owner_label(field: models.Field) -> str:
    """The model that owns the column, so that proxies read what the concrete model wrote."""
    model: Any = field.model
    return model._meta.concrete_model._meta.label_lower


def data_key_of(instance: Any) -> Any:
    if instance.data_key_id is None:
        raise ValueError(f"{instance._meta.label} has no data key: set one before saving")
    return instance.data_key


def check_on_encrypted_model(field: models.Field) -> list[checks.CheckMessage]:
    from beistand.keys.models import EncryptedModel

    model = getattr(field, "model", None)
    if model is None or issubclass(model, EncryptedModel):
        return []
    return [
        checks.Error(
            f"{type(field).__name__} needs a model derived from keys.models.EncryptedModel "
            "(public_id and data_key for the associated data)",
            obj=field,
            id="keys.E001",
        )
    ]
