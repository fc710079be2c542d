"""Starting conversations in tests the way the public pages do."""

from __future__ import annotations

import secrets
from typing import Any

from beistand.contact.actions.public import Letter, start_conversation
from beistand.contact.models import Conversation
from beistand.contact.uploads import PreparedFile


def make_conversation(
    centre: Any,
    text: str = "Ich wurde an der Haltestelle beleidigt.",
    *,
    files: tuple[PreparedFile, ...] = (),
    contact: str = "",
    safe_time: str = "",
    language: str = "de",
) -> tuple[Conversation, str]:
    """A conversation with its first message; returns it and its passphrase."""
    letter = Letter(text=text, files=files, contact=contact, safe_time=safe_time)
    return start_conversation(centre, letter, language=language, submission=secrets.token_hex(16))
