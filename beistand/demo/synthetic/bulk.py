"""Writing many rows the way the real code writes one: data keys, audit events, references.

The synthetic generator inserts with `bulk_create`. Encrypted fields seal in
`pre_save`, which `bulk_create` calls for every row too, so the ciphertext is
the one `save()` would write — provided each row already holds its data key
and the objects its associated data names (the case, the centre), which the
generator sets. What `save()` and the actions do besides, this module does in
bulk: data keys with their key store secrets (`new_data_keys`), CREATE audit
events (`insert_creation_events`), and case references from the centre's
counter (`reserve_reference_numbers`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from beistand.audit.context import current_actor
from beistand.audit.models import Action, AuditEvent, Category
from beistand.cases.models import CaseCounter
from beistand.keys.keystore import KeyStore, key_store
from beistand.keys.models import DataKey, derive_data_key, master_keys
from beistand.lib.crypto import KEY_BYTES, current_version, wrap_key


def new_data_keys(centre: Any, counts: dict[str, int]) -> dict[str, list[DataKey]]:
    """Fresh data keys ({purpose: how many}), made as DataKey.create makes one, inserted together.

    DataKey.create makes each key store secret durable on its own (an fsync per
    key, about 0.6 ms); a network's worth of keys would spend minutes on that.
    Here the batch's secrets are written first and synced once, before any row
    that needs them exists — the same order, so a crash leaves no row without
    its secret.
    """
    store = key_store()
    store.require_root()
    keys_by_version = master_keys()
    version = current_version(keys_by_version)
    writer = _SecretWriter(store)
    made: dict[str, list[DataKey]] = {}
    try:
        for purpose, count in counts.items():
            made[purpose] = [_new_key(writer, purpose, centre, keys_by_version, version) for _ in range(count)]
    finally:
        writer.sync()
    DataKey.objects.bulk_create([key for keys in made.values() for key in keys])
    return made


def _new_key(writer: _SecretWriter, purpose: str, centre: Any, keys_by_version: dict[int, bytes], version: int) -> DataKey:
    key = DataKey(purpose=purpose, centre=centre, master_key_version=version)
    material = secrets.token_bytes(KEY_BYTES)
    secret = writer.write(key.public_id)
    key.wrapped_key = wrap_key(keys_by_version, version, material, key.wrapping_aad())
    # As DataKey.create: the new key is ready to seal without unwrapping.
    key.__dict__["_unwrapped"] = derive_data_key(material, secret, key.public_id)
    return key


class _SecretWriter:
    """Key store secrets in the store's own layout (KeyStore._path), synced per batch.

    The files are written by a few threads while the batch's rows are built:
    creating a file waits on the file system, not on the processor.
    """

    CHUNK = 256

    def __init__(self, store: KeyStore) -> None:
        self.store = store
        self.pending: list[tuple[str, bytes]] = []
        self.writing: list[Future[None]] = []
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="keystore")

    def write(self, key_id: Any) -> bytes:
        secret = secrets.token_bytes(KEY_BYTES)
        self.pending.append((self.store._path(key_id), secret))
        if len(self.pending) >= self.CHUNK:
            self._flush()
        return secret

    def sync(self) -> None:
        """Every secret written and durable; raises if any could not be written."""
        self._flush()
        try:
            for future in self.writing:
                future.result()
        finally:
            self.pool.shutdown()
        # One sync for the batch instead of one fsync per secret and directory.
        os.sync()

    def _flush(self) -> None:
        if self.pending:
            self.writing.append(self.pool.submit(_write_files, self.pending))
            self.pending = []


def _write_files(files: list[tuple[str, bytes]]) -> None:
    for path, secret in files:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secret)


def insert_creation_events(objects: Sequence[models.Model], centre: Any) -> int:
    """The CREATE events the actions write, one per object, for the current actor.

    Written with one plain INSERT per batch (insert_rows): a network's worth of
    events through the ORM would cost more than the objects they describe.
    """
    if not objects:
        return 0
    actor, now = current_actor(), timezone.now()
    common = {
        "occurred_at": now, "category": Category.PERSONAL, "action": Action.CREATE,
        "actor_id": actor.user_id, "actor_role": actor.role, "centre_id": centre.public_id,
        "fields": [], "request_id": actor.request_id,
    }
    object_type = objects[0]._meta.label_lower
    return insert_rows(AuditEvent, (
        {**common, "object_type": object_type, "object_id": str(obj.public_id)}  # type: ignore[attr-defined]
        for obj in objects
    ))


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Plain INSERTs of rows given as {attname: value}, every column but the primary key.

    For tables without encrypted fields whose keys are not needed back: audit
    events and many-to-many links. Values are prepared by the model's own
    fields, so the rows are stored as the ORM would store them, on SQLite and
    PostgreSQL alike; a column a row does not name gets the field's default.
    """
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if any(getattr(field, "is_encrypted", False) for field in fields):
        raise TypeError(f"{model._meta.label} has encrypted fields: insert it with bulk_create")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 -- names from the model's meta, values as parameters
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields), ", ".join(["%s"] * len(fields))
    )
    parameters = [
        [field.get_db_prep_save(row[field.attname] if field.attname in row else field.get_default(), connection)
         for field in fields]
        for row in rows
    ]
    if parameters:
        with connection.cursor() as cursor:
            cursor.executemany(sql, parameters)
    return len(parameters)


def reserve_reference_numbers(centre: Any, year: int, count: int) -> range:
    """`count` consecutive case numbers of the centre's year, counted as CaseCounter counts."""
    with transaction.atomic():
        counter, _created = CaseCounter.objects.select_for_update().get_or_create(centre=centre, year=year)
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    return range(first, first + count)


def reference(centre: Any, year: int, number: int) -> str:
    """The format of cases.actions.next_reference, e.g. BU-2026-0042."""
    return f"{centre.reference_prefix}-{year}-{number:04d}"
