"""An encrypted file field: content is sealed before it reaches the storage.

    attachment = EncryptedFileField(upload_to="attachments", null=True, blank=True)

Assign a file as usual (`row.attachment = ContentFile(data, name="x.pdf")`, or
an upload through a form); `save()` seals its content with the row's data key
and stores it under a random name, so the storage holds neither the content
nor the file's original name (keep that, if needed, in an EncryptedTextField).
Reading (`row.attachment.read()`, `.open()`, `.chunks()`) opens the whole file
in memory and notes the decryption for the audit log; `.size` is the plain size.
`.url` would serve ciphertext: serve files through a view that reads them.

The associated data includes the storage name, so swapping two stored files, or
putting back an older version of one, fails to open. One sealed blob per file:
fine for the attachments of counselling work (tens of MB); streaming would need
a chunked format.
"""

from __future__ import annotations

import posixpath
import uuid
from typing import Any

from django.core import checks
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models.fields.files import FieldFile

from beistand.audit.events import note_decryption
from beistand.keys import registry
from beistand.keys.fields import check_on_encrypted_model, data_key_of, owner_label
from beistand.lib.crypto import OVERHEAD, DecryptionError, associated_data


class EncryptedFieldFile(FieldFile):
    field: EncryptedFileField
    instance: Any

    def save(self, name: str | None, content: File, save: bool = True) -> None:
        plaintext = _read_all(content)
        name = self.field.generate_filename(self.instance, name or "")
        blob = self.field.seal_content(self.instance, name, plaintext)
        stored = self.storage.save(name, ContentFile(blob), max_length=self.field.max_length)
        if stored != name:
            # The name is part of the associated data; a renamed file could not be opened.
            self.storage.delete(stored)
            raise DecryptionError("the storage renamed an encrypted file; refusing to keep it")
        self.name = stored
        setattr(self.instance, self.field.attname, stored)
        self._committed = True
        self._file = ContentFile(plaintext, name=stored)
        if save:
            self.instance.save()

    def _get_file(self) -> Any:
        name = self._stored_name()
        data_key_of(self.instance).ensure_alive()  # a shred takes effect at once
        if getattr(self, "_file", None) is None:
            with self.storage.open(name, "rb") as handle:
                blob = handle.read()
            self._file = ContentFile(self.field.open_content(self.instance, name, blob), name=name)
        return self._file

    def _set_file(self, file: Any) -> None:
        self._file = file

    def _del_file(self) -> None:
        del self._file

    file = property(_get_file, _set_file, _del_file)

    def open(self, mode: str | None = "rb", *args: Any, **kwargs: Any) -> EncryptedFieldFile:
        if mode and any(flag in mode for flag in "wa+"):
            raise ValueError("encrypted files are written by assigning and saving, not opened for writing")
        self.file.seek(0)
        return self

    @property
    def size(self) -> int:
        name = self._stored_name()
        if not self._committed:
            return self.file.size or 0
        return self.storage.size(name) - OVERHEAD

    def _stored_name(self) -> str:
        if not self.name:
            raise ValueError(f"The '{self.field.name}' attribute has no file associated with it.")
        return self.name


class EncryptedFileField(models.FileField):
    is_encrypted = True
    attr_class = EncryptedFieldFile

    def __init__(
        self, verbose_name: Any = None, name: str | None = None, upload_to: str = "sealed", **kwargs: Any
    ) -> None:
        if callable(upload_to):
            # A callable could put the original file name into the storage name.
            raise TypeError("EncryptedFileField takes a directory name as upload_to")
        super().__init__(verbose_name, name, upload_to=upload_to, **kwargs)

    def contribute_to_class(self, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        registry.register(cls)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *check_on_encrypted_model(self)]

    def generate_filename(self, instance: Any, filename: Any) -> str:
        """A random name: the original one may be personal data."""
        return posixpath.join(str(self.upload_to), uuid.uuid4().hex)

    def aad(self, instance: Any, name: str, centre_id: Any) -> bytes:
        return associated_data(owner_label(self), f"{self.name}:{name}", instance.public_id, centre_id)

    def seal_content(self, instance: Any, name: str, plaintext: bytes) -> bytes:
        return data_key_of(instance).seal(plaintext, self.aad(instance, name, instance.aad_centre_id()))

    def open_content(self, instance: Any, name: str, blob: bytes) -> bytes:
        centre_id = instance.aad_centre_id()
        plaintext = data_key_of(instance).open(blob, self.aad(instance, name, centre_id))
        note_decryption(instance, self.name, centre_id)
        return bytes(plaintext)


def _read_all(content: File) -> bytes:
    if hasattr(content, "seek"):
        content.seek(0)
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in content.chunks())
