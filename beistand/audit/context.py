"""Who is acting in the current request or task, kept in a context variable so that
the layers below the views (getters, encrypted fields) can write audit events
without every call passing the request down.

The role an event records ("counsellor", "counsellor+lead", "admin") is worked
out at most once per request, and only when an event is written. Signed-in
staff keep their membership roles in the session for ROLE_CACHE_SECONDS, so a
request that reads one record pays for one insert, not for a role query too
(bench: "audit overhead per request"). Correctness comes first:

- a change of a membership (created, changed, deleted — also by cascade)
  drops the cached roles from every live session of that account, in the same
  transaction as the change, so the next request records the new role;
- the admin part of the role is never cached: it is read from the user row,
  which every request loads anyway;
- a request already running while the role changes may write its session back
  with the old roles (Django saves the whole session at the end of every
  request); ROLE_CACHE_SECONDS bounds how long such a stale entry can live;
- the cache is used only with Django's database sessions, the only session
  engine whose sessions the invalidation can reach; other engines query the
  roles once per audited request, as before.

The role in an event is a record of who acted; access decisions never read it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_USER_KEY
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


@dataclass
class Actor:
    user_id: uuid.UUID | None
    request_id: uuid.UUID
    fixed_role: str = ""
    # The signed-in user, for working out the role only when an event is written.
    user: Any = field(default=None, repr=False)
    # The request's session, where the user's membership roles are cached (see module doc).
    session: Any = field(default=None, repr=False)
    # Decryptions seen in this request or task: (object type, object id, centre id) -> field names.
    # Written as one event per object when the request or task ends (audit.events.flush).
    decryptions: dict[tuple[str, str, uuid.UUID | None], set[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def role(self) -> str:
        if self.fixed_role:
            return self.fixed_role
        return _role_of(self.user, self.session) if self.user is not None else SYSTEM


SYSTEM = "system"
ROLE_SESSION_KEY = "audit_roles"
ROLE_CACHE_SECONDS = 300
# The one session engine whose sessions forget_cached_roles() can reach.
CACHING_SESSION_ENGINE = "django.contrib.sessions.backends.db"
_current: ContextVar[Actor | None] = ContextVar("beistand_audit_actor", default=None)


def current_actor() -> Actor:
    """The acting user, or the system (tasks, management commands) when nobody is signed in."""
    return _current.get() or Actor(user_id=None, request_id=uuid.uuid4(), fixed_role=SYSTEM)


def current_actor_or_none() -> Actor | None:
    return _current.get()


@contextmanager
def acting_as(user: Any = None, role: str = "", session: Any = None) -> Iterator[Actor]:
    """Binds the following work to a user (role worked out on demand) or a fixed role.

    `session` (a request's) lets the user's roles be cached across requests.
    """
    user_id = user.public_id if user is not None else None
    actor = Actor(user_id=user_id, request_id=uuid.uuid4(), fixed_role=role, user=user, session=session)
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
            context = acting_as(user, session=getattr(request, "session", None))
        else:
            context = acting_as(role="anonymous")
        with context:
            return self.get_response(request)


def _role_of(user: Any, session: Any = None) -> str:
    """The user's role for the record: admin, or their roles joined (e.g. "counsellor+lead")."""
    roles = list(_membership_roles(user, session))
    if user.is_admin:
        roles.insert(0, "admin")
    return "+".join(roles) or "none"


def _membership_roles(user: Any, session: Any) -> list[str]:
    """The user's membership roles: from the session's cache, else one light query."""
    cached = _cached_roles(user, session)
    if cached is not None:
        return cached
    roles = sorted(set(user.memberships.values_list("role", flat=True)))
    if _caches_in(session, user):
        session[ROLE_SESSION_KEY] = {
            "user": str(user.pk), "roles": roles, "until": time.time() + ROLE_CACHE_SECONDS,
        }
    return roles


def _cached_roles(user: Any, session: Any) -> list[str] | None:
    if not _caches_in(session, user):
        return None
    entry = session.get(ROLE_SESSION_KEY)
    if not isinstance(entry, dict) or entry.get("user") != str(user.pk):
        return None
    if not isinstance(entry.get("until"), float | int) or entry["until"] < time.time():
        return None
    roles = entry.get("roles")
    return roles if isinstance(roles, list) else None


def _caches_in(session: Any, user: Any) -> bool:
    """Only a database session that belongs to this very user holds their roles."""
    return (
        session is not None
        and settings.SESSION_ENGINE == CACHING_SESSION_ENGINE
        and session.get(AUTH_USER_KEY) == str(user.pk)
    )


def forget_cached_roles(user_pk: Any) -> int:
    """Drops the cached roles from every live session of the account; returns how many.

    Staff sessions are few (they end after SESSION_COOKIE_AGE idle), and roles
    change rarely, so reading each live session here is cheap enough. The row is
    updated in place: its expiry stays, the session is not extended.
    """
    if settings.SESSION_ENGINE != CACHING_SESSION_ENGINE:
        return 0
    from django.contrib.sessions.backends.db import SessionStore

    model = SessionStore.get_model_class()
    store, forgotten = SessionStore(), 0
    live = model.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data")
    for session_key, session_data in live.iterator():
        data = store.decode(session_data)
        entry = data.get(ROLE_SESSION_KEY)
        if isinstance(entry, dict) and entry.get("user") == str(user_pk):
            del data[ROLE_SESSION_KEY]
            model.objects.filter(session_key=session_key).update(session_data=store.encode(data))
            forgotten += 1
    return forgotten


def _membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_cached_roles(instance.user_id)


# Lazy model references: this module is imported while the models are still loading.
post_save.connect(_membership_changed, sender="accounts.Membership", dispatch_uid="audit_roles_saved")
post_delete.connect(_membership_changed, sender="accounts.Membership", dispatch_uid="audit_roles_deleted")
