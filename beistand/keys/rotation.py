"""Master-key rotation: move everything the master keys protect to the newest version.

What depends on a master key version: the wrapped material of every live
DataKey, the wrapped private key of every CentreKeyPair, the MFA secrets, and
the blind indexes. Each is moved in small batches, each batch its own
transaction, selecting only what is not on the target version yet — so a run
that stops half-way is finished by running it again, and the service keeps
working throughout (every version still configured keeps opening what it
wrapped). Only when a run has finished may the old version be removed from
BEISTAND_MASTER_KEYS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models, transaction

from beistand.audit.context import SYSTEM, acting_as
from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.keys import mfa, registry
from beistand.keys.models import CentreKeyPair, DataKey
from beistand.lib.crypto import KeyDestroyed, current_version


class MissingMasterKey(Exception):
    """Something is wrapped with a master key version that is not configured."""


@dataclass
class Report:
    target: int
    data_keys: int = 0
    key_pairs: int = 0
    mfa_secrets: int = 0
    blind_indexes: int = 0


def rotate_master_key(batch_size: int = 100) -> Report:
    """Re-wraps and re-encrypts everything to the current (highest) master key version."""
    target = current_version(settings.MASTER_KEYS)
    refuse_missing_versions()
    report = Report(target=target)
    report.data_keys = _in_batches(_stale_data_keys(target), batch_size, _rewrapper(target))
    report.key_pairs = _in_batches(_stale_key_pairs(target), batch_size, _rewrapper(target))
    report.mfa_secrets = _rotate_mfa(target, batch_size)
    report.blind_indexes = sum(
        _reindex(model, field, target, batch_size)
        for model in registry.encrypted_models()
        for field in registry.blind_index_fields(model)
    )
    record(Action.KEY_ROTATION, object_type="keys.masterkey", object_id=str(target))
    return report


def versions_in_use() -> set[int]:
    live_keys = DataKey.objects.filter(destroyed_at__isnull=True)
    versions = set(live_keys.values_list("master_key_version", flat=True).distinct())
    versions |= set(CentreKeyPair.objects.values_list("master_key_version", flat=True).distinct())
    for data in Authenticator.objects.values_list("data", flat=True).iterator():
        versions |= {mfa.stored_version(secret) for secret in mfa.secrets_in(data) if mfa.is_encrypted(secret)}
    return versions


def refuse_missing_versions() -> None:
    missing = sorted(versions_in_use() - set(settings.MASTER_KEYS))
    if missing:
        listed = ", ".join(str(version) for version in missing)
        raise MissingMasterKey(
            f"keys are wrapped with master key version(s) {listed}, which BEISTAND_MASTER_KEYS "
            "does not contain: add them back, restart, and run the rotation again"
        )


# --- batches ---------------------------------------------------------------------------


def _in_batches(pending: Callable[[], Any], batch_size: int, change: Callable[[Any], None]) -> int:
    """Applies `change` to what `pending()` selects, one committed batch at a time."""
    done = 0
    while True:
        with transaction.atomic(), acting_as(role=SYSTEM):
            batch = list(pending()[:batch_size])
            for item in batch:
                change(item)
        if not batch:
            return done
        done += len(batch)


def _rewrapper(target: int) -> Callable[[Any], None]:
    def rewrap(item: DataKey | CentreKeyPair) -> None:
        item.rewrap(target)
        item.save(update_fields=[_wrapped_field(item), "master_key_version"])

    return rewrap


def _wrapped_field(item: DataKey | CentreKeyPair) -> str:
    return "wrapped_key" if isinstance(item, DataKey) else "wrapped_private_key"


def _stale_data_keys(target: int) -> Callable[[], Any]:
    return lambda: (
        DataKey.objects.select_for_update(of=("self",)).select_related("centre")
        .filter(destroyed_at__isnull=True).exclude(master_key_version=target).order_by("pk")
    )


def _stale_key_pairs(target: int) -> Callable[[], Any]:
    return lambda: (
        CentreKeyPair.objects.select_for_update(of=("self",)).select_related("centre")
        .exclude(master_key_version=target).order_by("pk")
    )


# --- MFA secrets -----------------------------------------------------------------------------


def _rotate_mfa(target: int, batch_size: int) -> int:
    done, after = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                Authenticator.objects.select_for_update().filter(pk__gt=after).order_by("pk")[:batch_size]
            )
            done += sum(_reencrypt_mfa(authenticator, target) for authenticator in batch)
        if not batch:
            return done
        after = batch[-1].pk


def _reencrypt_mfa(authenticator: Authenticator, target: int) -> int:
    stale = [s for s in mfa.secrets_in(authenticator.data) if mfa.stored_version(s) != target]
    if not stale:
        return 0
    keys = settings.MASTER_KEYS
    authenticator.data = mfa.transform_secrets(
        authenticator.data, lambda stored: mfa.encrypt_secret(mfa.decrypt_secret(stored, keys), keys)
    )
    authenticator.save(update_fields=["data"])
    return len(stale)


# --- blind indexes ---------------------------------------------------------------------------


def _reindex(model: type[models.Model], field: Any, target: int, batch_size: int) -> int:
    """Recomputes digests made under older versions (needs the source value, so it decrypts)."""
    done = 0
    for pks in _stale_index_batches(model, field, batch_size):
        with transaction.atomic(), acting_as(role=SYSTEM):
            rows = model._base_manager.select_for_update(of=("self",)).filter(pk__in=pks)
            for row in rows.select_related("data_key__centre"):
                _recompute(row, field)
        done += len(pks)
    return done


def _stale_index_batches(model: type[models.Model], field: Any, batch_size: int) -> Iterator[list[Any]]:
    after = None
    while True:
        page = model._base_manager.filter(**{f"{field.attname}__isnull": False}).order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        chunk = list(page.values_list("pk", field.attname)[: batch_size * 10])
        if not chunk:
            return
        after = chunk[-1][0]
        stale = [pk for pk, digest in chunk if not field.is_current(digest)]
        for start in range(0, len(stale), batch_size):
            yield stale[start : start + batch_size]


def _recompute(row: Any, field: Any) -> None:
    try:
        getattr(row, field.source)  # opening the source lets the index's pre_save recompute it
    except KeyDestroyed:
        # The row's key was shredded: nothing can be found through it any more, and
        # its digest would only let someone test guesses. Drop it.
        row.__dict__[field.attname] = None
        type(row)._base_manager.filter(pk=row.pk).update(**{field.attname: None})
        return
    row.save(update_fields=[field.attname])
