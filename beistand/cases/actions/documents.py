"""Adding, handing out and deleting documents of a case, each with its audit event."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.documents import Prepared
from beistand.cases.models import Case, Document

# The name given to the storage is replaced by a random one (EncryptedFileField); this one is never kept.
STORAGE_NAME = "upload"


@transaction.atomic
def add_document(
    actor: Any, case: Case, prepared: Prepared, *, kind: str, original_name: str, description: str
) -> Document:
    """Stores a checked and cleaned upload, sealed with the case's key, with its preview."""
    document = Document(
        case=case, kind=kind, original_name=original_name, description=description or None,
        content_type=prepared.content_type, size=len(prepared.content), uploaded_by=actor,
    )
    document.data_key = case.data_key
    # The files are sealed with the row's public id in their associated data: assign, then save once.
    document.file.save(STORAGE_NAME, ContentFile(prepared.content), save=False)
    if prepared.preview is not None:
        document.preview.save(STORAGE_NAME, ContentFile(prepared.preview), save=False)
    document.save()
    fields = ["kind", "file", "original_name", *(["description"] if description else [])]
    record(Action.CREATE, obj=document, centre_id=case.centre.public_id, fields=fields, user=actor)
    return document


def export_content(actor: Any, document: Document) -> bytes:
    """The decrypted file, for a download; the download is an export of personal data."""
    content = document.file.read()
    record(Action.EXPORT, obj=document, centre_id=document.case.centre.public_id, fields=["file"], user=actor)
    return content


def delete_document(actor: Any, document: Document) -> None:
    """Deletes the row and then its encrypted files from the storage."""
    stored = [field for field in (document.file, document.preview) if field]
    storage_names = [(field.storage, field.name) for field in stored]
    with transaction.atomic():
        record(Action.DELETE, obj=document, centre_id=document.case.centre.public_id, user=actor)
        document.delete()
    for storage, name in storage_names:
        storage.delete(name)
