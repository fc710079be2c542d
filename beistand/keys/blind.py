"""Blind indexes: exact-match lookups on an encrypted value without decrypting.

    email = EncryptedTextField(null=True)
    email_index = BlindIndexField(source="email", key_label="person.email",
                                  normalise=normalise_email)

    Person.objects.filter(email_index="Alice@Example.org")   # normalised and keyed first

The index holds `<master key version>:<HMAC-SHA256(normalised value)>`, keyed by
HKDF(master key, "beistand blind index v1|" + key_label). It does not depend on
the data key, so data-key rotation leaves it alone; the label keeps the same
e-mail address from producing the same digest in two different indexes. A
lookup compares against the digest under every configured master key version,
so rows indexed before a master-key rotation are found during and after it;
`rotate_master_key` recomputes them under the new version, after which the old
version can be removed (rows it did not reach would no longer be found).

What it reveals: equal values give equal digests, and whoever holds the master
keys can test guesses (is this e-mail address in there?) — also for rows whose
data key was shredded, in a backup taken before the shred. Index only what
must be looked up, and prefer values that are not themselves the secret.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import lookups

from beistand.keys import registry
from beistand.keys.fields import EncryptedTextField, Sealed
from beistand.lib.crypto import current_version, derive_key, keyed_digest

DEFAULT_MAX_LENGTH = 80  # "<version>:" + 64 hex digits


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def normalise_text(value: str) -> str:
    """Case- and surrounding-space-insensitive, e.g. for names typed in different ways."""
    return " ".join(value.split()).casefold()


class Digest(str):
    """A stored index value; a plain str given to the field is a value to be indexed."""

    __slots__ = ()


@functools.lru_cache(maxsize=64)
def _index_key(master_key: bytes, key_label: str) -> bytes:
    return derive_key(master_key, b"beistand blind index v1|" + key_label.encode())


class BlindIndexField(models.CharField):
    is_blind_index = True

    def __init__(
        self,
        *args: Any,
        source: str,
        key_label: str,
        normalise: Callable[[str], str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.source, self.key_label, self.normalise = source, key_label, normalise
        kwargs.setdefault("max_length", DEFAULT_MAX_LENGTH)
        kwargs.setdefault("db_index", True)
        kwargs.update(null=True, blank=True, editable=False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for forced in ("null", "blank", "editable"):
            kwargs.pop(forced, None)
        if kwargs.get("max_length") == DEFAULT_MAX_LENGTH:
            del kwargs["max_length"]
        kwargs.update(source=self.source, key_label=self.key_label)
        if self.normalise is not None:
            kwargs["normalise"] = self.normalise
        return name, path, args, kwargs

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        registry.register(cls)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        try:
            source = self.model._meta.get_field(self.source)
        except FieldDoesNotExist:
            source = None
        if not isinstance(source, EncryptedTextField):
            errors.append(checks.Error(
                f"BlindIndexField source {self.source!r} must be an EncryptedTextField of the same model",
                obj=self, id="keys.E002",
            ))
        return errors

    # --- digests ---------------------------------------------------------------------

    def digest(self, value: str, version: int | None = None) -> Digest:
        keys = settings.MASTER_KEYS
        version = current_version(keys) if version is None else version
        normalised = self.normalise(value) if self.normalise else value
        mac = keyed_digest(_index_key(keys[version], self.key_label), normalised.encode("utf-8"))
        return Digest(f"{version}:{mac.hex()}")

    def digests(self, value: str) -> list[Digest]:
        """The value's digest under every configured master key version (for lookups)."""
        return [self.digest(value, version) for version in sorted(settings.MASTER_KEYS)]

    def is_current(self, digest: str | None) -> bool:
        return digest is None or digest.startswith(f"{current_version(settings.MASTER_KEYS)}:")

    # --- saving and querying ---------------------------------------------------------

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        source = model_instance._meta.get_field(self.source)
        state = model_instance.__dict__.get(source.attname, Sealed(b""))
        current = model_instance.__dict__.get(self.attname)
        if isinstance(state, Sealed):
            return current  # the source was not touched: its digest stands
        digest = None if state is None else self.digest(state.value)
        model_instance.__dict__[self.attname] = digest
        return digest

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Digest | None:
        return None if value is None else Digest(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or isinstance(value, Digest):
            return value
        return self.digest(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return BlindIndexExact
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


class BlindIndexExact(lookups.In):
    """`index=value` matches the value's digest under any configured master key version."""

    lookup_name = "exact"

    def get_prep_lookup(self) -> Any:
        if isinstance(self.rhs, Digest):
            self.rhs = [self.rhs]
        elif isinstance(self.rhs, str):
            self.rhs = self.lhs.output_field.digests(self.rhs)
        else:
            raise TypeError("a blind index is looked up with a text value")
        return super().get_prep_lookup()
