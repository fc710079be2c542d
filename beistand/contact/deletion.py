"""Deleting conversations for real: the person's "delete" and the retention job share this.

The notices that name the conversations go, then the conversations with their
messages and attachments; then the conversations' data keys are
crypto-shredded (nothing else is ever sealed with them), so what was stored is
unreadable in every backup too. The sealed files are removed once the
transaction has committed. On SQLite the freed pages are overwritten with
zeros (secure_delete), as in the daily job.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from beistand.contact import notices
from beistand.contact.models import Attachment, Conversation
from beistand.keys.models import DataKey
from beistand.retention.registry import Counts


def shred_conversations(conversations: QuerySet[Any]) -> Counts:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    found = list(conversations.values_list("pk", "reference", "data_key"))
    pks = [pk for pk, _reference, _key in found]
    files = [
        name for name in Attachment.objects.filter(message__conversation__in=pks).values_list("content", flat=True)
        if name
    ]
    notices.scrub([reference for _pk, reference, _key in found])
    Conversation.objects.filter(pk__in=pks).delete()  # messages and attachments with them
    keys = DataKey.objects.filter(pk__in={key for _pk, _reference, key in found}, destroyed_at__isnull=True)
    shredded = 0
    for key in keys.select_related("centre"):
        key.shred()
        shredded += 1
    transaction.on_commit(lambda: _delete_files(files))
    return {"removed": len(pks), "keys": shredded, "files": len(files)}


def _delete_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("content").storage
    for name in names:
        storage.delete(name)
