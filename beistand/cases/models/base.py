"""What every record of case work shares: a public id, optimistic locking, timestamps."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.keys.models import EncryptedModel
from beistand.lib.locking import StaleEdit, next_version

__all__ = ["CaseRecord", "StaleEdit", "VersionedRecord"]


class VersionedRecord(EncryptedModel):
    """An encrypted record whose saves are checked against the version a form was loaded with.

    `save_checked(expected_version)` locks the row, compares, saves and counts
    the version up; a stale form raises StaleEdit and nothing is written.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save_checked(self, expected_version: int | None, **kwargs: Any) -> None:
        with transaction.atomic():
            if self.pk is not None:
                self.version = next_version(self, expected_version, _("Someone else saved this record in the meantime."))
            self.updated_at = timezone.now()
            self.save(**kwargs)


class CaseRecord(VersionedRecord):
    """A record inside one case, sealed with the case's data key (shredded with it)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Always the case's key: a record under another key would survive the case's shred.
        self.data_key_id = self.case.data_key_id
        super().save(*args, **kwargs)

    def aad_centre_id(self) -> Any:
        return self.case.centre.public_id
