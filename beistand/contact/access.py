"""Who reaches which conversation: the only way views reach conversation data.

- Staff: the counsellors and leads of a centre see its conversations (the same
  scope as its cases, `cases.access.casework_centres`); nobody else, not even
  admins or coordinators. Outside that scope the answer is the 404 of a
  conversation that does not exist. `get_conversation()` records the opening.
- The public: a conversation is found by the lookup id of its passphrase only
  (`conversation_for_lookup`), and an unknown lookup id is simply nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.access import casework_centres, visible_cases
from beistand.contact.models import Attachment, Conversation


def inbox_conversations(user: Any) -> QuerySet[Conversation]:
    """Every conversation of the centres the user counsels in (or leads).

    A conversation linked to a case is as visible as that case: the inbox must not
    open a side door into a case of high protection.
    """
    return Conversation.objects.filter(centre__in=casework_centres(user)).filter(
        Q(case__isnull=True) | Q(case__in=visible_cases(user))
    )


def get_conversation(user: Any, public_id: uuid.UUID | str, *, audit: bool = True) -> Conversation:
    """The conversation, or 404 — the same for "not yours" as for "does not exist"."""
    try:
        conversation = (
            inbox_conversations(user)
            .select_related("centre", "data_key__centre", "assigned_to", "case", "handed_over_from")
            .get(public_id=public_id)
        )
    except (Conversation.DoesNotExist, ValueError) as missing:
        raise Http404("no such conversation") from missing
    if audit:
        record(Action.READ, obj=conversation, centre_id=conversation.centre.public_id)
    return conversation


def get_attachment(conversation: Conversation, public_id: uuid.UUID | str) -> Attachment:
    """A file of this conversation, or 404 if it belongs to another one."""
    try:
        attachment = Attachment.objects.select_related("message", "key_pair").get(
            message__conversation=conversation, public_id=public_id
        )
    except (Attachment.DoesNotExist, ValueError) as missing:
        raise Http404("no such file") from missing
    attachment.message.conversation = conversation
    attachment.data_key = conversation.data_key  # unwrapped once per request
    record(Action.READ, obj=attachment, centre_id=conversation.centre.public_id)
    return attachment


def conversation_for_lookup(lookup_id: str) -> Conversation | None:
    """The conversation a passphrase opens; None for a wrong or unknown one alike."""
    return (
        Conversation.objects.select_related("centre", "data_key__centre", "handed_over_from")
        .filter(lookup_id=lookup_id)
        .first()
    )


def already_started(submission_digest: str) -> bool:
    return Conversation.objects.filter(submission_digest=submission_digest).exists()
