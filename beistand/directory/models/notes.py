"""What stays inside the installation: centres' private notes on entries, and the change history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.directory.choices import ChangeKind
from beistand.directory.models.entries import Service
from beistand.keys.fields import EncryptedTextField
from beistand.keys.models import EncryptedModel


class PrivateNote(EncryptedModel):
    """A centre's own experience with an entry ("long waiting list"). Only that centre reads it.

    Encrypted like personal free text: a note may name a professional, or slip
    into telling about a client.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="private_notes")
    centre = models.ForeignKey("network.Centre", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")

    def __str__(self) -> str:
        return f"note {self.public_id}"

    def aad_centre_id(self) -> uuid.UUID:
        return self.centre.public_id


class Change(models.Model):
    """One line of an entry's change history: who, when, what kind, which fields (never values)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
