"""The thread of a conversation as each side reads it.

Counsellors read the copies sealed to the centre (with its private key), the
person reads the copies sealed to their passphrase key. Both get plain
entries for the templates, which escape every value (HTML typed by anybody
shows as text).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from beistand.contact.models import Author, Conversation, Message
from beistand.contact.sealing import CentreOpener, open_payload


@dataclass
class FileEntry:
    public_id: Any
    name: str
    content_type: str
    size: int


@dataclass
class Entry:
    from_person: bool
    sent_at: datetime.datetime
    text: str
    contact: str = ""
    safe_time: str = ""
    # Replies: the centre's name for the person, the counsellor for the centre.
    sender: str = ""
    files: list[FileEntry] = field(default_factory=list)


def _messages(conversation: Conversation) -> list[Message]:
    messages = list(
        conversation.messages.select_related("key_pair", "sent_by").prefetch_related("attachments__key_pair")
    )
    for message in messages:
        message.conversation = conversation
        message.data_key = conversation.data_key  # unwrapped once for the whole thread
    return messages


def _entry(message: Message, payload: dict[str, Any]) -> Entry:
    return Entry(
        from_person=message.author == Author.PERSON,
        sent_at=message.created_at,
        text=str(payload.get("text", "")),
        contact=str(payload.get("contact", "")),
        safe_time=str(payload.get("safe_time", "")),
    )


def centre_thread(conversation: Conversation, opener: CentreOpener | None = None) -> list[Entry]:
    opener = opener or CentreOpener()
    context = conversation.context
    entries = []
    for message in _messages(conversation):
        entry = _entry(message, opener.open_payload(message.key_pair, message.for_centre, context))
        entry.sender = message.sent_by.display_name if message.sent_by else ""
        for attachment in message.attachments.all():
            attachment.data_key = conversation.data_key
            details = opener.open_payload(attachment.key_pair, attachment.details, context)
            entry.files.append(FileEntry(
                attachment.public_id, str(details.get("name", "")), str(details.get("type", "")),
                int(details.get("size", 0)),
            ))
        entries.append(entry)
    return entries


def person_thread(conversation: Conversation, reply_private_key: bytes) -> list[Entry]:
    context = conversation.context
    entries = []
    for message in _messages(conversation):
        payload = open_payload(reply_private_key, message.for_person, context)
        entry = _entry(message, payload)
        entry.sender = str(payload.get("centre", ""))
        entry.files = [
            FileEntry(None, str(item.get("name", "")), str(item.get("type", "")), int(item.get("size", 0)))
            for item in payload.get("files", [])
        ]
        entries.append(entry)
    return entries
