"""The one way to write an audit event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import models

from beistand.audit.context import current_actor
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
) -> AuditEvent:
    """Writes one event for the current actor. `obj` supplies type and public id when given.

    Callers pass identifiers and field names only; there is no parameter that
    could carry content.
    """
    actor = current_actor()
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
