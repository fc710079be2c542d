"""What counsellors do in the inbox: reply, assign, close, mark as abuse, hand over, open a case.

Changes to the conversation's state are checked against the version the
counsellor's form was loaded with (StaleEdit when someone else changed it in
the meantime). Every change leaves an audit event with field names only.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.actions.core import create_case
from beistand.cases.choices import AccessChannel, CaseKind
from beistand.cases.models import Case, StaleEdit
from beistand.contact.actions.moving import move_conversation
from beistand.contact.models import Author, Conversation, Message, Status
from beistand.contact.notices import caseworkers, notify_new_message
from beistand.contact.sealing import seal_payload
from beistand.keys.models import CentreKeyPair
from beistand.network.choices import CentreType
from beistand.network.models import Centre


class ConversationClosed(Exception):
    """A closed conversation takes no reply until it is opened again."""


class AlreadyLinked(Exception):
    """The conversation already belongs to a case."""


class NeedsFourEyes(Exception):
    """An exit case needs two counsellors: it is opened from the case list, not from one inbox click."""


def reply(user: Any, conversation: Conversation, text: str) -> Message:
    """A reply sealed to the person's passphrase key and, for the centre's own reading, to the centre."""
    if conversation.is_closed:
        raise ConversationClosed
    pair = CentreKeyPair.current_for(conversation.centre)
    # The person sees the centre's name, never the counsellor's.
    payload, context = {"text": text, "centre": conversation.centre.name}, conversation.context
    with transaction.atomic():
        message = Message(
            conversation=conversation, data_key=conversation.data_key, author=Author.CENTRE,
            sent_by=user, key_pair=pair,
            for_centre=seal_payload(pair.public_key, payload, context),
            for_person=seal_payload(conversation.reply_public_key, payload, context),
        )
        message.save()
        conversation.last_author, conversation.last_activity_at = Author.CENTRE, timezone.now()
        changed = ["last_author", "last_activity_at"]
        if conversation.assigned_to_id is None:
            conversation.assigned_to = user  # whoever answers first takes it on
            changed.append("assigned_to")
        conversation.save(update_fields=changed)
        record(Action.CREATE, obj=message, centre_id=conversation.centre.public_id, fields=["reply"], user=user)
    return message


def assign(user: Any, conversation: Conversation, assignee: Any, version: int) -> None:
    if assignee is not None and not caseworkers(conversation.centre).filter(pk=assignee.pk).exists():
        raise ValueError("only a caseworker of the conversation's centre can be assigned")
    conversation.assigned_to = assignee
    _save_state(user, conversation, version, ["assigned_to"])


def set_status(user: Any, conversation: Conversation, status: str, version: int) -> None:
    conversation.status = Status(status)
    _save_state(user, conversation, version, ["status"])


def mark_abuse(user: Any, conversation: Conversation, abuse: bool, version: int) -> None:
    """Abuse closes the conversation; the person's further messages then raise no notices."""
    conversation.is_abuse = abuse
    changed = ["is_abuse"]
    if abuse:
        conversation.status = Status.CLOSED
        changed.append("status")
    _save_state(user, conversation, version, changed)


def _save_state(user: Any, conversation: Conversation, version: int, changed: list[str]) -> None:
    with transaction.atomic():
        conversation.save_checked(version, update_fields=[*changed, "version", "updated_at"])
        record(Action.CHANGE, obj=conversation, centre_id=conversation.centre.public_id, fields=changed, user=user)


def handover_targets(centre: Centre) -> QuerySet[Centre]:
    """The other counselling centres of the networks the centre belongs to."""
    return (
        Centre.objects.filter(networks__in=centre.networks.all())
        .exclude(pk=centre.pk)
        .exclude(type=CentreType.COORDINATION)
        .distinct()
        .order_by("name")
    )


def handover(user: Any, conversation: Conversation, target: Centre, version: int) -> None:
    """Hands the conversation to another centre of the network; the person is told and may object."""
    origin = conversation.centre
    if conversation.case_id is not None:
        # The case stays with this centre; a conversation handed away would leave it behind.
        raise AlreadyLinked
    if not handover_targets(origin).filter(pk=target.pk).exists():
        raise ValueError("a conversation is handed over within the centre's networks only")
    with transaction.atomic():
        _check_version(conversation, version)
        move_conversation(conversation, target)
        conversation.handed_over_from, conversation.handed_over_at = origin, timezone.now()
        conversation.handover_objected_at, conversation.assigned_to = None, None
        conversation.save_checked(None, update_fields=[
            "handed_over_from", "handed_over_at", "handover_objected_at", "assigned_to", "version", "updated_at",
        ])
        for centre in (origin, target):
            record(Action.CHANGE, obj=conversation, centre_id=centre.public_id, fields=["centre"], user=user)
    notify_new_message(conversation)


def _check_version(conversation: Conversation, version: int) -> None:
    current = Conversation._base_manager.select_for_update().filter(pk=conversation.pk)
    if current.values_list("version", flat=True).first() != version:
        raise StaleEdit


def turn_into_case(user: Any, conversation: Conversation, kind: str, version: int) -> Case:
    """Opens a case for the conversation (assigned to the user) and links the two."""
    if conversation.case_id is not None:
        raise AlreadyLinked
    if kind == CaseKind.EXIT:
        raise NeedsFourEyes
    with transaction.atomic():
        _check_version(conversation, version)
        case = create_case(
            centre=conversation.centre, kind=kind, access_channel=AccessChannel.ONLINE, assigned=[user],
            received_on=timezone.localdate(conversation.created_at),
        )
        conversation.case = case
        _save_state(user, conversation, version, ["case"])
    return case
