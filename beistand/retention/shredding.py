"""Shredder building blocks for categories whose rows are encrypted (cases, conversations).

`shred_rows(rows)` crypto-shreds the data keys no remaining row uses any more,
removes the rows' files once the transaction commits, and deletes the rows.
References in other tables (e.g. a referral naming the case) are the
category's own to scrub before calling it.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet

from beistand.keys import registry as key_registry
from beistand.keys.models import DataKey
from beistand.retention.registry import Counts


def shred_rows(rows: QuerySet[Any]) -> Counts:
    model = rows.model
    file_fields = [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]
    pks: list[Any] = []
    key_ids: set[int] = set()
    files: list[tuple[Any, str]] = []
    for row in rows.select_related(None).only("pk", "data_key", *(field.attname for field in file_fields)):
        pks.append(row.pk)
        key_ids.add(row.data_key_id)
        files.extend((field.storage, stored.name) for field in file_fields if (stored := getattr(row, field.attname)))
    removed, _by_model = model._base_manager.filter(pk__in=pks).delete()
    keys = _shred_unused_keys(key_ids)
    transaction.on_commit(lambda: _delete_files(files))
    return {"removed": removed, "keys": keys, "files": len(files)}


def _shred_unused_keys(key_ids: set[int]) -> int:
    still_used = set()
    for encrypted in key_registry.encrypted_models():
        still_used |= set(
            encrypted._base_manager.filter(data_key__in=key_ids).values_list("data_key", flat=True)
        )
    shredded = 0
    for key in DataKey.objects.filter(pk__in=key_ids - still_used, destroyed_at__isnull=True):
        key.shred()
        shredded += 1
    return shredded


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
