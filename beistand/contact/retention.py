"""Retention of anonymous conversations: deleted after a period without any message.

Registered in ContactConfig.ready(). The period is `RETENTION_DEFAULTS
["inactive_conversations"]`, else 90 days (issue 3), and centres may set their
own; a legal hold on a conversation keeps it. The person is told the date on
their conversation page (`deletion_date`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.contact.deletion import shred_conversations
from beistand.contact.models import Conversation
from beistand.retention.jobs import Run
from beistand.retention.models import RetentionPolicy
from beistand.retention.registry import Counts, DataCategory, register
from beistand.retention.rules import DaysAfter

NAME = "inactive_conversations"


class InactiveConversations(DataCategory):
    name = NAME
    description = _("Anonymous conversations: deleted when nobody has written in them for this many days.")
    rule = DaysAfter()
    default_days = 90
    minimum_days = 7
    per_centre = True
    hold_object_type = "contact.conversation"

    def due(self, run: Run) -> QuerySet[Any]:
        return run.older_than(Conversation.objects.all(), "last_activity_at", centre_field="centre")

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        assert due is not None  # noqa: S101 -- due() always gives a queryset
        return shred_conversations(due)


CATEGORY = register(InactiveConversations())


def retention_days(centre: Any) -> int:
    """The centre's own period, or the installation's."""
    own = RetentionPolicy.objects.filter(centre=centre, category=NAME).values_list("days", flat=True).first()
    return CATEGORY.days(own) or 0


def deletion_date(conversation: Conversation) -> datetime.date:
    """From this day on the conversation is deleted unless somebody writes in it before."""
    due = conversation.last_activity_at + datetime.timedelta(days=retention_days(conversation.centre))
    return timezone.localdate(due)
