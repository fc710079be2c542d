"""Data-key rotation as a background task.

    rotate_data_key.enqueue(str(data_key.public_id))

Re-encrypts every encrypted field (files included) of every row bound to the
key under a new DataKey for the same purpose and centre, in one transaction,
and retires the old key (`rotated_at`, `replaced_by`). The old key stays
usable for backups taken before; shredding the new key later shreds it too
(DataKey.shred follows `replaced_by`). With `shred_old=True` the old key is
shredded right away — then backups from before the rotation can no longer
restore these rows.

Running it again for a key already retired moves rows that were bound to the
old key meanwhile (e.g. created by a request that still held it) to the
current successor.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from beistand.audit.context import SYSTEM, acting_as
from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.keys import registry
from beistand.keys.models import DataKey
from beistand.lib.crypto import KeyDestroyed

CHUNK = 200


@task()
def rotate_data_key(data_key_public_id: str, shred_old: bool = False) -> dict[str, Any]:
    with acting_as(role=SYSTEM):
        old, new, moved = _rotate(uuid.UUID(data_key_public_id))
        if shred_old:
            old.shred()
    return {"data_key": str(new.public_id), "rows": moved}


def _rotate(public_id: uuid.UUID) -> tuple[DataKey, DataKey, int]:
    stale_files: list[tuple[Any, str]] = []
    with transaction.atomic():
        old = DataKey.objects.select_for_update(of=("self",)).select_related("centre").get(public_id=public_id)
        old.ensure_alive()
        new = _successor(old)
        moved = sum(_move_rows(model, old, new, stale_files) for model in registry.encrypted_models())
        if old.replaced_by_id is None:
            old.rotated_at, old.replaced_by = timezone.now(), new
            old.save(update_fields=["rotated_at", "replaced_by"])
        record(Action.KEY_ROTATION, obj=old, centre_id=old.centre_public_id)
        # The old files hold ciphertext under the old key; remove them once the new ones count.
        transaction.on_commit(lambda: _delete_files(stale_files))
    return old, new, moved


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def _successor(old: DataKey) -> DataKey:
    if old.replaced_by_id is None:
        return DataKey.create(purpose=old.purpose, centre=old.centre)
    current = old
    while current.replaced_by_id is not None:
        current = DataKey.objects.select_related("centre").get(pk=current.replaced_by_id)
    if current.is_destroyed:
        raise KeyDestroyed(f"the successor of data key {old.public_id} was shredded")
    return current


def _move_rows(model: type[models.Model], old: DataKey, new: DataKey, stale_files: list) -> int:
    fields = registry.encrypted_fields(model)
    rows = model._base_manager.select_for_update(of=("self",)).filter(data_key=old)
    # The primary keys first: the rows leave the filtered set as they are moved.
    pks = list(rows.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        for row in model._base_manager.filter(pk__in=pks[start : start + CHUNK]).order_by("pk"):
            _reseal(row, fields, old, new, stale_files)
    return len(pks)


def _reseal(row: Any, fields: list, old: DataKey, new: DataKey, stale_files: list) -> None:
    row.data_key = old  # the instance that already holds the unwrapped key
    plain = {field.attname: _read(row, field) for field in fields}
    row.data_key = new
    for field in fields:
        if isinstance(field, models.FileField):
            _reseal_file(row, field, plain[field.attname], stale_files)
        else:
            setattr(row, field.attname, plain[field.attname])
    row.save(update_fields=["data_key", *(field.attname for field in fields)])


def _read(row: Any, field: models.Field) -> Any:
    if isinstance(field, models.FileField):
        stored = getattr(row, field.attname)
        return (stored.name, stored.read()) if stored else None
    return getattr(row, field.attname)


def _reseal_file(row: Any, field: models.FileField, content: Any, stale_files: list) -> None:
    if content is None:
        return
    old_name, data = content
    stored = getattr(row, field.attname)
    stored.save(old_name, ContentFile(data, name="sealed"), save=False)
    stale_files.append((field.storage, old_name))
