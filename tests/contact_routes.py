"""URL matrix entries for the anonymous conversations and the inbox (see tests/matrix.py).

The public pages answer everybody alike; the inbox answers the counsellors and
the lead of the conversation's centre (alice, lena), and everybody else — other
roles, other centres — with the 404 of a conversation that does not exist.
"""

from __future__ import annotations

import uuid

from beistand.contact.testing import make_conversation
from beistand.contact.uploads import PreparedFile
from tests.matrix import CASEWORKERS, Route, everyone

PDF = b"%PDF-1.4\n%%EOF\n"


def conversation_of(attribute: str):
    return lambda world: {"conversation_id": make_conversation(getattr(world, attribute))[0].public_id}


def attachment_of(attribute: str):
    def kwargs(world):
        pdf = PreparedFile("brief.pdf", "application/pdf", PDF)
        conversation, _passphrase = make_conversation(getattr(world, attribute), files=(pdf,))
        attachment = conversation.messages.get().attachments.get()
        return {"conversation_id": conversation.public_id, "attachment_id": attachment.public_id}

    return kwargs


MISSING_CONVERSATION = lambda world: {"conversation_id": uuid.uuid4()}  # noqa: E731
MISSING_ATTACHMENT = lambda world: {"conversation_id": uuid.uuid4(), "attachment_id": uuid.uuid4()}  # noqa: E731
WRITE_TO = lambda world: {"slug": world.own_centre.slug}  # noqa: E731
# The foreign centre of the matrix takes no anonymous messages: the same 404 as a missing one.
WRITE_TO_FOREIGN = lambda world: {"slug": world.foreign_centre.slug}  # noqa: E731
MISSING_SLUG = lambda world: {"slug": "does-not-exist"}  # noqa: E731
# Alice and Lena work at BackUp, not at the foreign centre.
OUTSIDE = {"alice": 404, "lena": 404}


def inbox_route(method: str = "get") -> Route:
    """A page of one conversation. POST-only views without data answer with the form's errors (200)."""
    return Route(
        CASEWORKERS, kwargs=conversation_of("own_centre"), foreign=conversation_of("foreign_centre"),
        foreign_expect=OUTSIDE, missing=MISSING_CONVERSATION, method=method,
    )


CONTACT_ROUTES: dict[str, Route] = {
    # The public: the same for everybody, signed in or not.
    "contact_public:return": Route(everyone(200)),
    "contact_public:write": Route(
        everyone(200), kwargs=WRITE_TO, foreign=WRITE_TO_FOREIGN, foreign_expect=everyone(404), missing=MISSING_SLUG,
    ),
    "contact_public:write_more": Route(everyone(200), method="post"),
    "contact_public:objection": Route(everyone(200), method="post"),
    "contact_public:delete": Route(everyone(200), method="post"),
    # The inbox.
    "inbox:list": Route(CASEWORKERS),
    "inbox:detail": inbox_route(),
    "inbox:reply": inbox_route("post"),
    "inbox:assign": inbox_route("post"),
    "inbox:status": inbox_route("post"),
    "inbox:abuse": inbox_route("post"),
    "inbox:handover": inbox_route("post"),
    "inbox:case": inbox_route("post"),
    "inbox:attachment": Route(
        CASEWORKERS, kwargs=attachment_of("own_centre"), foreign=attachment_of("foreign_centre"),
        foreign_expect=OUTSIDE, missing=MISSING_ATTACHMENT,
    ),
}
