"""Anonymous conversations between a person and a centre.

A person without an account writes to a centre and receives a passphrase of
seven words. The passphrase is never stored: `Conversation.lookup_id` is its
keyed Argon2id hash (beistand.lib.passphrases) and finds the conversation
again; `reply_public_key` is derived from the same secret.

Every message is stored twice over, and in two layers:

- `Message.for_centre`: the payload sealed with HPKE to the centre's current
  key pair (`key_pair`); the counsellors open it with the centre's private key.
  A person's message is sealed before anything is stored; a counsellor's reply
  is sealed this way too, so the centre reads its own replies later with the
  same key (and the server alone will not, once that key lives in the
  counsellors' browsers).
- `Message.for_person`: the same payload sealed to the person's reply key;
  only their passphrase opens it, so they read the whole thread, their own
  messages included.
- Both sit in `SealedBytesField`s, i.e. sealed once more with the
  conversation's own data key. Shredding that key deletes the conversation for
  good, in every backup too, although the centre's HPKE key lives on.

The HPKE context of everything in a conversation is its public id (see
`beistand.contact.sealing`). Attachments are sealed to the centre only.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.cases.models.base import VersionedRecord
from beistand.contact.fields import SealedBytesField
from beistand.keys import registry
from beistand.keys.files import EncryptedFileField
from beistand.keys.models import EncryptedModel

# No 0/O, 1/I/L: the reference is read aloud and typed by counsellors.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8


class Author(models.TextChoices):
    PERSON = "person", _("the person")
    CENTRE = "centre", _("the centre")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def new_reference() -> str:
    """A random reference such as K7QM-4X2P; says nothing about the person or the time."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{letters[:4]}-{letters[4:]}"


class Conversation(VersionedRecord):
    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, related_name="conversations", verbose_name=_("centre")
    )
    # For notices and talk among counsellors; never shown to the person.
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    # Keyed Argon2id of the passphrase (64 hex digits): the only way back in.
    lookup_id = models.CharField(max_length=64, unique=True, editable=False)
    # X25519 public key derived from the passphrase; replies are sealed to it.
    reply_public_key = models.BinaryField(max_length=32, editable=False)
    # SHA-256 of the one-time token of the form that started it: a reload of the
    # passphrase page cannot start a second conversation.
    submission_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The language of the pages the person wrote from, so counsellors know how to answer.
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_conversations", verbose_name=_("assigned to"),
    )
    is_abuse = models.BooleanField(_("marked as abuse"), default=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="conversations", verbose_name=_("case"),
    )
    last_author = models.CharField(max_length=10, choices=Author.choices, default=Author.PERSON)
    # Drives the deletion of inactive conversations (retention category inactive_conversations).
    last_activity_at = models.DateTimeField(default=timezone.now)
    # The centre that handed the conversation on; the person may object (it then goes back).
    handed_over_from = models.ForeignKey(
        "network.Centre", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("handed over from"),
    )
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handover_objected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["centre", "status", "-last_activity_at"], name="contact_inbox_idx"),
            models.Index(fields=["last_activity_at"], name="contact_activity_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def context(self) -> bytes:
        """The HPKE context of everything sealed in this conversation."""
        return str(self.public_id).encode("ascii")

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_waiting(self) -> bool:
        return not self.is_closed and self.last_author == Author.PERSON

    @property
    def handover_pending_objection(self) -> bool:
        """Handed on, and the person has not objected (yet)."""
        return self.handed_over_from_id is not None and self.handover_objected_at is None


# No encrypted field of its own, but bound to its data key: data-key rotation
# (keys.tasks.rotate_data_key) must move the conversation together with its messages.
registry.register(Conversation)


class ConversationRecord(EncryptedModel):
    """A row inside a conversation, sealed with the conversation's data key (shredded with it)."""

    key_pair = models.ForeignKey("keys.CentreKeyPair", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def conversation_of(self) -> Conversation:
        raise NotImplementedError

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Always the conversation's key: a row under another key would survive the shred.
        self.data_key_id = self.conversation_of().data_key_id
        super().save(*args, **kwargs)


class Message(ConversationRecord):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    # The counsellor who replied (never shown to the person).
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # HPKE to `key_pair` (the centre) and to the conversation's reply key (the person).
    for_centre = SealedBytesField()
    for_person = SealedBytesField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author=Author.CENTRE) | Q(sent_by__isnull=True),
                name="contact_only_replies_name_a_sender",
            )
        ]

    def __str__(self) -> str:
        return f"message {self.public_id}"

    def conversation_of(self) -> Conversation:
        return self.conversation


class Attachment(ConversationRecord):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    # HPKE to `key_pair`: {"name", "type", "size"} and the file's bytes.
    details = SealedBytesField()
    content = EncryptedFileField(upload_to="contact/attachments")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"attachment {self.public_id}"

    def conversation_of(self) -> Conversation:
        return self.message.conversation
