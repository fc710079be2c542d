"""Who reads which audit events. Views reach events only through this module.

- A centre lead reads every event of their centre(s) (centre_id is the
  centre's public id: reads, decryptions, changes, role grants there) and the
  events of their centre's staff (counsellors, leads, coordinators) that
  belong to no centre — sign-ins, password and second-factor changes. A
  colleague's work in another centre stays with that centre's lead.
- An administrator reads technical events only (sign-ins, accounts,
  permissions, directory, keys), never events about personal data.
- Everybody else gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from beistand.accounts.models import CENTRE_ROLES, Role, User
from beistand.audit.models import AuditEvent, Category
from beistand.network.models import Centre


@dataclass
class AuditScope:
    """What one user may read of the audit log."""

    is_admin: bool
    # Public ids of the centres the user leads.
    centre_ids: list[uuid.UUID] = field(default_factory=list)

    def events(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.filter(self._visible()).order_by("-occurred_at", "-id")

    def staff(self) -> QuerySet[User]:
        """The accounts whose events the user may filter by: their centres' staff, or everyone."""
        if self.is_admin:
            return User.objects.order_by("display_name", "pk")
        return User.objects.filter(pk__in=self._staff().values("pk")).order_by("display_name", "pk")

    def _visible(self) -> Q:
        visible = Q(pk__in=[])
        if self.is_admin:
            visible |= Q(category=Category.TECHNICAL)
        if self.centre_ids:
            staff_ids = self._staff().values("public_id")
            visible |= Q(centre_id__in=self.centre_ids)
            visible |= Q(actor_id__in=staff_ids, centre_id__isnull=True)
        return visible

    def _staff(self) -> QuerySet[User]:
        return User.objects.filter(
            memberships__centre__public_id__in=self.centre_ids,
            memberships__role__in=CENTRE_ROLES,
        )


def _is_working_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def scope_for(user: Any) -> AuditScope:
    """The user's view of the audit log, or Http404 when they have none (one query)."""
    if not _is_working_account(user):
        raise Http404
    led = Centre.objects.filter(memberships__user=user, memberships__role=Role.LEAD)
    scope = AuditScope(is_admin=bool(user.is_admin), centre_ids=list(led.values_list("public_id", flat=True)))
    if not (scope.is_admin or scope.centre_ids):
        raise Http404
    return scope


# Whether the user led a centre when they signed in: the navigation shows the
# audit log from it without a query on every page. The viewer itself always
# checks afresh (scope_for) and corrects the flag.
LEAD_SESSION_KEY = "audit_lead"


def remember_lead(request: HttpRequest, is_lead: bool) -> None:
    """Notes in the session whether the user leads a centre."""
    if hasattr(request, "session") and request.session.get(LEAD_SESSION_KEY) != is_lead:
        request.session[LEAD_SESSION_KEY] = is_lead


def may_view_audit(request: HttpRequest) -> bool:
    """For the navigation only: admins always, leads as noted at sign-in (no query)."""
    user: Any = getattr(request, "user", None)
    if not _is_working_account(user):
        return False
    return bool(user.is_admin) or bool(request.session.get(LEAD_SESSION_KEY, False))
