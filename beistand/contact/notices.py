"""In-app notices of new messages: a kind and the conversation's reference, never content."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from beistand.accounts.models import CASEWORK_ROLES, User
from beistand.cases.models import Notice, NoticeKind
from beistand.contact.models import Conversation


def caseworkers(centre: Any) -> QuerySet[User]:
    """The active counsellors and leads of a centre: who may be assigned and notified."""
    return User.objects.filter(
        is_active=True, memberships__centre=centre, memberships__role__in=CASEWORK_ROLES
    ).distinct()


def recipients(conversation: Conversation) -> list[User]:
    """The assigned counsellor while they still work at the centre, else all its caseworkers."""
    team = caseworkers(conversation.centre)
    if conversation.assigned_to_id is not None:
        assigned = list(team.filter(pk=conversation.assigned_to_id))
        if assigned:
            return assigned
    return list(team)


def notify_new_message(conversation: Conversation) -> int:
    """One unread notice per recipient and conversation: a flood of messages is one notice."""
    people = recipients(conversation)
    unread = set(
        Notice.objects.filter(
            kind=NoticeKind.NEW_MESSAGE, reference=conversation.reference,
            read_at__isnull=True, recipient__in=people,
        ).values_list("recipient_id", flat=True)
    )
    created = Notice.objects.bulk_create(
        Notice(
            recipient=person, centre=conversation.centre, kind=NoticeKind.NEW_MESSAGE,
            reference=conversation.reference, case=conversation.case,
        )
        for person in people
        if person.pk not in unread
    )
    return len(created)


def mark_read(user: Any, conversation: Conversation) -> None:
    """Opening the conversation settles the user's notices about it."""
    Notice.objects.filter(
        recipient=user, kind=NoticeKind.NEW_MESSAGE, reference=conversation.reference, read_at__isnull=True
    ).update(read_at=timezone.now())


def scrub(references: list[str]) -> int:
    """Removes the notices of deleted conversations (their reference would point nowhere)."""
    removed, _by_model = Notice.objects.filter(kind=NoticeKind.NEW_MESSAGE, reference__in=references).delete()
    return removed
