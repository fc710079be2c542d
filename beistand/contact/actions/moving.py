"""Moving a conversation to another centre (a handover, or back after an objection).

Everything the old centre could open is opened with its private key and sealed
again to the new centre's current key pair; the copies for the person stay as
they are. All rows move to a new data key bound to the new centre, and the old
key is crypto-shredded once the transaction has committed, with the old files.
Today the server holds both private keys; once they live in the counsellors'
browsers, the handing-over counsellor's browser does this re-sealing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from beistand.contact.models import Attachment, Conversation, Message
from beistand.contact.sealing import CentreOpener
from beistand.keys.models import CentreKeyPair, DataKey, Purpose
from beistand.lib import hpke


@dataclass
class _Opened:
    message: Message
    for_centre: bytes
    for_person: bytes
    files: list[tuple[Attachment, bytes, bytes]] = field(default_factory=list)


def move_conversation(conversation: Conversation, target: Any) -> None:
    """Re-seals the conversation for `target`; the caller saves the conversation's fields."""
    old_key = conversation.data_key
    opened = _open_everything(conversation, old_key)
    conversation.data_key = DataKey.create(Purpose.CONVERSATION, target)
    conversation.centre = target
    pair = CentreKeyPair.current_for(target)
    stale_files = [name for item in opened for name in _seal_again(conversation, item, pair)]
    conversation.save(update_fields=["data_key", "centre", "updated_at"])
    transaction.on_commit(lambda: _forget(old_key, stale_files))


def _open_everything(conversation: Conversation, old_key: DataKey) -> list[_Opened]:
    opener = CentreOpener()
    context = conversation.context
    opened = []
    messages = conversation.messages.select_related("key_pair").prefetch_related("attachments__key_pair")
    for message in messages:
        message.data_key = old_key
        item = _Opened(
            message, opener.open_bytes(message.key_pair, message.for_centre, context), message.for_person
        )
        for attachment in message.attachments.all():
            attachment.data_key = old_key
            details = opener.open_bytes(attachment.key_pair, attachment.details, context)
            content = opener.open_bytes(attachment.key_pair, attachment.content.read(), context)
            item.files.append((attachment, details, content))
        opened.append(item)
    return opened


def _seal_again(conversation: Conversation, item: _Opened, pair: CentreKeyPair) -> list[str]:
    """Writes one message and its files under the new key; returns the old files' names."""
    context, public_key = conversation.context, bytes(pair.public_key)
    message = item.message
    message.conversation, message.data_key, message.key_pair = conversation, conversation.data_key, pair
    message.for_centre = hpke.seal(public_key, item.for_centre, context)
    message.for_person = item.for_person
    message.save()
    old_names = []
    for attachment, details, content in item.files:
        old_names.append(attachment.content.name)
        attachment.message, attachment.data_key, attachment.key_pair = message, conversation.data_key, pair
        attachment.details = hpke.seal(public_key, details, context)
        attachment.content.save("sealed", ContentFile(hpke.seal(public_key, content, context)), save=False)
        attachment.save()
    return old_names


def _forget(old_key: DataKey, stale_files: list[str]) -> None:
    old_key.shred()
    storage = Attachment._meta.get_field("content").storage
    for name in stale_files:
        storage.delete(name)
