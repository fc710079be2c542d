"""What the person does: start a conversation, return, write more, object, delete.

The person has no account: the audit events of these actions carry the role
"anonymous" and no address. The passphrase is generated here, handed back
once, and never stored; only what `derive_keys` makes of it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.contact import access
from beistand.contact.actions.moving import move_conversation
from beistand.contact.deletion import shred_conversations
from beistand.contact.models import Attachment, Author, Conversation, Message, Status, new_reference
from beistand.contact.notices import notify_new_message
from beistand.contact.passphrase_work import derive_keys
from beistand.contact.sealing import seal_payload
from beistand.contact.uploads import PreparedFile
from beistand.keys.models import CentreKeyPair, DataKey, Purpose
from beistand.lib import hpke
from beistand.lib.passphrases import PassphraseKeys, generate_passphrase, wordlist_for_language


class AlreadySent(Exception):
    """This form was sent before (a reload of the passphrase page): nothing new is started."""


@dataclass(frozen=True)
class Letter:
    """What the person wrote: the text, files, and contact details only if they want a call back."""

    text: str
    files: tuple[PreparedFile, ...] = ()
    contact: str = ""
    safe_time: str = ""

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"text": self.text}
        if self.contact:
            payload["contact"] = self.contact
        if self.safe_time:
            payload["safe_time"] = self.safe_time
        if self.files:
            payload["files"] = [file.details() for file in self.files]
        return payload


def submission_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_conversation(centre: Any, letter: Letter, *, language: str, submission: str) -> tuple[Conversation, str]:
    """A new conversation with its first message; returns it and the passphrase (shown once).

    Raises Busy (no passphrase work slot free) and AlreadySent.
    """
    digest = submission_digest(submission)
    if access.already_started(digest):
        raise AlreadySent
    passphrase = generate_passphrase(wordlist=wordlist_for_language(language))
    keys = derive_keys(passphrase)
    try:
        with transaction.atomic():
            conversation = _new_conversation(centre, keys, language, digest)
            store_person_message(conversation, letter)
            record(Action.CREATE, obj=conversation, centre_id=centre.public_id)
    except IntegrityError:
        if access.already_started(digest):
            raise AlreadySent from None  # the same form sent twice at the same moment
        raise
    notify_new_message(conversation)
    return conversation, passphrase


def _new_conversation(centre: Any, keys: PassphraseKeys, language: str, digest: str) -> Conversation:
    conversation = Conversation(
        centre=centre, data_key=DataKey.create(Purpose.CONVERSATION, centre), reference=new_reference(),
        lookup_id=keys.lookup_id, reply_public_key=keys.reply_public_key, submission_digest=digest,
        language=language, last_author=Author.PERSON,
    )
    conversation.save()
    return conversation


def store_person_message(conversation: Conversation, letter: Letter) -> Message:
    """Seals the letter to the centre and to the person before anything is stored."""
    pair = CentreKeyPair.current_for(conversation.centre)
    payload, context = letter.payload(), conversation.context
    message = Message(
        conversation=conversation, data_key=conversation.data_key, author=Author.PERSON, key_pair=pair,
        for_centre=seal_payload(pair.public_key, payload, context),
        for_person=seal_payload(conversation.reply_public_key, payload, context),
    )
    message.save()
    for file in letter.files:
        _store_attachment(message, pair, file)
    return message


def _store_attachment(message: Message, pair: CentreKeyPair, file: PreparedFile) -> Attachment:
    context = message.conversation.context
    attachment = Attachment(
        message=message, data_key=message.conversation.data_key, key_pair=pair,
        details=seal_payload(pair.public_key, file.details(), context),
    )
    sealed = hpke.seal(bytes(pair.public_key), file.content, context)
    attachment.content.save("sealed", ContentFile(sealed), save=False)
    attachment.save()
    return attachment


def open_conversation(passphrase: str) -> tuple[Conversation | None, PassphraseKeys]:
    """The conversation a passphrase opens (None for wrong and unknown alike). Raises Busy."""
    keys = derive_keys(passphrase)
    conversation = access.conversation_for_lookup(keys.lookup_id)
    if conversation is not None:
        record(Action.READ, obj=conversation, centre_id=conversation.centre.public_id)
    return conversation, keys


def add_person_message(conversation: Conversation, letter: Letter) -> Message:
    """The person writes more; a conversation closed by the centre opens again (unless abuse)."""
    with transaction.atomic():
        message = store_person_message(conversation, letter)
        conversation.last_author, conversation.last_activity_at = Author.PERSON, timezone.now()
        changed = ["last_author", "last_activity_at"]
        if conversation.is_closed and not conversation.is_abuse:
            conversation.status = Status.OPEN
            conversation.version += 1  # a counsellor's form loaded before is now stale
            changed += ["status", "version"]
        conversation.save(update_fields=changed)
        record(Action.CREATE, obj=message, centre_id=conversation.centre.public_id)
    if not conversation.is_abuse:
        notify_new_message(conversation)
    return message


def object_to_handover(conversation: Conversation) -> bool:
    """The person does not want the centre that received the conversation: it goes back."""
    if not conversation.handover_pending_objection or conversation.handed_over_from is None:
        return False
    origin, receiver = conversation.handed_over_from, conversation.centre
    with transaction.atomic():
        move_conversation(conversation, origin)
        conversation.handover_objected_at = timezone.now()
        conversation.assigned_to = None
        conversation.version += 1
        conversation.save(update_fields=["handover_objected_at", "assigned_to", "version"])
        for centre in (receiver, origin):
            record(Action.CHANGE, obj=conversation, centre_id=centre.public_id, fields=["handover_objection"])
    notify_new_message(conversation)
    return True


def delete_conversation(conversation: Conversation) -> None:
    """The person deletes everything: keys shredded, rows and files gone."""
    with transaction.atomic():
        record(Action.DELETE, obj=conversation, centre_id=conversation.centre.public_id)
        shred_conversations(Conversation.objects.filter(pk=conversation.pk))
