"""Figures about conversations for other parts of the workspace (e.g. the "my week" page)."""

from __future__ import annotations

from typing import Any

from beistand.contact.access import inbox_conversations
from beistand.contact.models import Author, Status


def waiting_count(user: Any) -> int:
    """Open conversations in the user's centres whose last message came from the person."""
    return inbox_conversations(user).filter(status=Status.OPEN, last_author=Author.PERSON).count()
