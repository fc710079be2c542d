"""The audit viewer: centre leads read their centre's events, admins the technical ones.

Events hold identifiers and field names only, so the page shows no content:
it resolves the public ids of people and centres to names and nothing else.
A page costs the same few queries whatever its size.

Reading the log is itself recorded (a technical "read" event naming the
filters used, not their values): the events describe what staff did, and
looking at them is a read of staff's personal data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from beistand.accounts.models import Role, User
from beistand.audit.access import AuditScope, remember_lead, scope_for
from beistand.audit.events import record
from beistand.audit.forms import AuditFilterForm
from beistand.audit.models import Action, AuditEvent, Category
from beistand.lib.http import AuthenticatedRequest
from beistand.network.models import Centre

PAGE_SIZE = 50
USER_TYPE = User._meta.label_lower
CENTRE_TYPE = Centre._meta.label_lower
# The words for actor_role's parts ("admin+lead") besides the membership roles.
OTHER_ROLES = {
    "admin": gettext_lazy("Administrator"),
    "system": gettext_lazy("System"),
    "anonymous": gettext_lazy("not signed in"),
    "none": gettext_lazy("no role"),
}


@dataclass
class Row:
    event: AuditEvent
    actor: str
    role: str
    object_type: str
    object_name: str
    centre: str


@login_required
@require_safe
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = _scope(request)
    # Always bound: no filters at all is a valid (empty) choice.
    filters = AuditFilterForm(request.GET, staff=scope.staff())
    context: dict[str, Any] = {"filters": filters, "nav": "audit", "page": None, "rows": []}
    if filters.is_valid():
        page = Paginator(filters.filter(scope.events()), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page=page, rows=_rows(list(page.object_list)))
        record(Action.READ, object_type=AuditEvent._meta.label_lower, fields=filters.used(),
               category=Category.TECHNICAL)
    return render(request, "audit/event_list.html", context)


def _scope(request: AuthenticatedRequest) -> AuditScope:
    """The user's scope; also corrects the navigation flag if the lead role came or went."""
    try:
        scope = scope_for(request.user)
    except Http404:
        remember_lead(request, False)
        raise
    remember_lead(request, bool(scope.centre_ids))
    return scope


def _rows(events: list[AuditEvent]) -> list[Row]:
    """The page's events with names for their people and centres (two queries)."""
    people = _names(User, {e.actor_id for e in events} | _ids(events, USER_TYPE), "display_name")
    centres = _names(Centre, {e.centre_id for e in events} | _ids(events, CENTRE_TYPE), "name")
    return [
        Row(
            event=event,
            actor=_actor(event, people),
            role=_role_label(event.actor_role),
            object_type=_type_label(event.object_type),
            object_name=_object_name(event, people, centres),
            centre=centres.get(event.centre_id, _("deleted centre")) if event.centre_id else "",
        )
        for event in events
    ]


def _ids(events: list[AuditEvent], object_type: str) -> set[uuid.UUID]:
    return {_uuid(e.object_id) for e in events if e.object_type == object_type} - {None}


def _uuid(value: str) -> Any:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _names(model: Any, public_ids: set[Any], name_field: str) -> dict[uuid.UUID, str]:
    public_ids.discard(None)
    if not public_ids:
        return {}
    return dict(model.objects.filter(public_id__in=public_ids).values_list("public_id", name_field))


def _actor(event: AuditEvent, people: dict[uuid.UUID, str]) -> str:
    if event.actor_id is None:
        return _("the system") if event.actor_role == "system" else _("not signed in")
    return people.get(event.actor_id, _("deleted account"))


def _object_name(event: AuditEvent, people: dict[uuid.UUID, str], centres: dict[uuid.UUID, str]) -> str:
    """A person's or centre's name where the object is one; the identifier otherwise."""
    if event.object_type == USER_TYPE:
        return people.get(_uuid(event.object_id), _("deleted account"))
    if event.object_type == CENTRE_TYPE:
        return centres.get(_uuid(event.object_id), _("deleted centre"))
    return event.object_id


def _role_label(actor_role: str) -> str:
    labels = {**dict(Role.choices), **OTHER_ROLES}
    return ", ".join(str(labels.get(part, part)) for part in actor_role.split("+") if part)


def _type_label(label: str) -> str:
    if not label:
        return ""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label
