"""Who is acting in the current request or task, kept in a context variable so that
the layers below the views (getters, encrypted fields) can write audit events
without every call passing the request down."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass
class Actor:
    user_id: uuid.UUID | None
    request_id: uuid.UUID
    fixed_role: str = ""
    # The signed-in user, for working out the role only when an event is written.
    user: Any = field(default=None, repr=False)
    # Decryptions seen in this request or task: (object type, object id, centre id) -> field names.
    # Written as one event per object when the request or task ends (audit.events.flush).
    decryptions: dict[tuple[str, str, uuid.UUID | None], set[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def role(self) -> str:
        if self.fixed_role:
            return self.fixed_role
        return _role_of(self.user) if self.user is not None else SYSTEM


SYSTEM = "system"
_current: ContextVar[Actor | None] = ContextVar("beistand_audit_actor", default=None)


def current_actor() -> Actor:
    """The acting user, or the system (tasks, management commands) when nobody is signed in."""
    return _current.get() or Actor(user_id=None, request_id=uuid.uuid4(), fixed_role=SYSTEM)


def current_actor_or_none() -> Actor | None:
    return _current.get()


@contextmanager
def acting_as(user: Any = None, role: str = "") -> Iterator[Actor]:
    """Binds the following work to a user (role worked out on demand) or a fixed role."""
    user_id = user.public_id if user is not None else None
    actor = Actor(user_id=user_id, request_id=uuid.uuid4(), fixed_role=role, user=user)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        try:
            from beistand.audit.events import flush

            flush(actor)
        finally:
            _current.reset(token)


class AuditContextMiddleware:
    """Binds every request to a fresh request id and, once signed in, to its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context = acting_as(user)
        else:
            context = acting_as(role="anonymous")
        with context:
            return self.get_response(request)


def _role_of(user: Any) -> str:
    """The user's role for the record: admin, or their roles joined (e.g. "counsellor+lead")."""
    # One light query for the role names only; this runs once per audited request.
    roles = sorted(set(user.memberships.values_list("role", flat=True)))
    if user.is_admin:
        roles.insert(0, "admin")
    return "+".join(roles) or "none"
