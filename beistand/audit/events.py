"""The one way to write an audit event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from beistand.audit.context import Actor, current_actor, current_actor_or_none
from beistand.audit.models import Action, AuditEvent, Category

PERSONAL_ACTIONS = {Action.READ, Action.DECRYPT, Action.EXPORT, Action.CREATE, Action.CHANGE,
                    Action.DELETE, Action.SHRED}


def record(
    action: Action | str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    centre_id: uuid.UUID | None = None,
    fields: Iterable[str] = (),
    category: Category | str | None = None,
    user: Any = None,
) -> AuditEvent:
    """Writes one event for the current actor. `obj` supplies type and public id when given.

    `user` names the acting account where the caller knows it better than the
    request does: action functions (which take the actor as an argument, also
    outside any request) and the sign-in, which happens mid-request.

    Callers pass identifiers and field names only; there is no parameter that
    could carry content.
    """
    actor = _actor_for(user)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", "") or obj.pk)
    return AuditEvent.objects.create(
        category=category or (Category.PERSONAL if action in PERSONAL_ACTIONS else Category.TECHNICAL),
        action=action,
        actor_id=actor.user_id,
        actor_role=actor.role,
        centre_id=centre_id,
        object_type=object_type,
        object_id=object_id,
        fields=sorted(set(fields)),
        request_id=actor.request_id,
    )


def _actor_for(user: Any) -> Actor:
    """The current actor, or `user` acting within the current request (same request id)."""
    current = current_actor()
    if user is None or current.user_id == user.public_id:
        return current
    return Actor(user_id=user.public_id, request_id=current.request_id, user=user)


def note_decryption(obj: models.Model, field_name: str, centre_id: uuid.UUID | None) -> None:
    """Remembers that a field of an object was decrypted for the current actor.

    A list page decrypting 50 pseudonyms writes 50 events in one query when the
    request ends instead of 50 queries on the way; the response leaves only
    after they are written. Outside any request or task (a shell), the event is
    written at once.
    """
    key = (obj._meta.label_lower, str(getattr(obj, "public_id", "") or obj.pk), centre_id)
    actor = current_actor_or_none()
    if actor is None:
        record(Action.DECRYPT, object_type=key[0], object_id=key[1], centre_id=centre_id, fields=[field_name])
        return
    actor.decryptions.setdefault(key, set()).add(field_name)


def flush(actor: Actor) -> None:
    """Writes the remembered decryptions of an actor, one event per object."""
    if not actor.decryptions:
        return
    AuditEvent.objects.bulk_create(
        AuditEvent(
            category=Category.PERSONAL,
            action=Action.DECRYPT,
            actor_id=actor.user_id,
            actor_role=actor.role,
            centre_id=centre_id,
            object_type=object_type,
            object_id=object_id,
            fields=sorted(fields),
            request_id=actor.request_id,
        )
        for (object_type, object_id, centre_id), fields in actor.decryptions.items()
    )
    actor.decryptions.clear()
