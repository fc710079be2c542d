"""Who sees which case: the only way views reach case data.

- Counsellors and the centre lead of a centre see its cases (CASEWORK_ROLES);
  coordinators, referrers and admins see none, whatever else they may do.
- A case of high protection is visible only to its assigned counsellors and
  the centre's lead; each opening asks for a reason (ProtectedOpening).
- Everything outside that scope is the same 404 as a case that does not exist.

Views call `get_case()` (which records a READ in the audit log) and reach the
records inside a case through `get_record(case, Model, public_id)`; lists
start from `visible_cases(user)`.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from beistand.accounts.models import CASEWORK_ROLES, Membership, Role
from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.choices import ProtectionLevel
from beistand.cases.models import Case, CasePerson, Incident, Person, ProtectedOpening
from beistand.network.models import Centre

# How long an opening of a high-protection case (with its reason) lasts.
OPENING_MINUTES = 30

RecordT = TypeVar("RecordT", bound=Model)


def _is_working_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


_ROLES_ATTRIBUTE = "_beistand_casework_roles"


def casework_roles(user: Any) -> dict[int, set[str]]:
    """The user's case-work roles by centre id: one query, remembered on the user instance.

    The instance lives for one request (Django loads request.user anew each time),
    so a membership changed by another request counts from the next one on.
    """
    if not _is_working_account(user):
        return {}
    cached = getattr(user, _ROLES_ATTRIBUTE, None)
    if cached is None:
        cached = {}
        memberships = Membership.objects.filter(user=user, role__in=CASEWORK_ROLES, centre__isnull=False)
        for centre_id, role in memberships.values_list("centre_id", "role"):
            cached.setdefault(centre_id, set()).add(role)
        setattr(user, _ROLES_ATTRIBUTE, cached)
    return cached


def forget_casework_roles(user: Any) -> None:
    """For code that changes memberships and goes on with the same user instance."""
    if user is not None and hasattr(user, _ROLES_ATTRIBUTE):
        delattr(user, _ROLES_ATTRIBUTE)


def casework_centres(user: Any) -> QuerySet[Centre]:
    """The centres whose cases the user works on (counsellor or lead)."""
    return Centre.objects.filter(pk__in=list(casework_roles(user)))


def led_centres(user: Any) -> QuerySet[Centre]:
    return Centre.objects.filter(pk__in=_led_centre_ids(user))


def _led_centre_ids(user: Any) -> list[int]:
    return [centre_id for centre_id, roles in casework_roles(user).items() if Role.LEAD in roles]


def is_caseworker(user: Any) -> bool:
    return bool(casework_roles(user))


def is_lead_of(user: Any, centre: Centre) -> bool:
    return centre.pk in _led_centre_ids(user)


def visible_cases(user: Any) -> QuerySet[Case]:
    """Every case the user may open; normal cases of their centres, high ones if assigned or lead."""
    if not _is_working_account(user):
        return Case.objects.none()
    # Centre ids as literals: the planner then walks the (centre, opened_on) index
    # instead of joining memberships for every case.
    assigned = Case.assigned.through.objects.filter(case=OuterRef("pk"), user=user)
    return Case.objects.filter(centre_id__in=list(casework_roles(user))).filter(
        Q(protection_level=ProtectionLevel.NORMAL) | Q(centre_id__in=_led_centre_ids(user)) | Exists(assigned)
    )


def get_case(user: Any, public_id: uuid.UUID | str, *, audit: bool = True) -> Case:
    """The case, or 404 — the same for "not yours" as for "does not exist"."""
    try:
        case = visible_cases(user).select_related("centre", "data_key", "district").get(public_id=public_id)
    except (Case.DoesNotExist, ValueError) as missing:
        raise Http404("no such case") from missing
    if audit:
        record(Action.READ, obj=case, centre_id=case.centre.public_id)
    return case


def get_record(case: Case, model: type[RecordT], public_id: uuid.UUID | str, *, audit: bool = True) -> RecordT:
    """A record inside the case (session, referral, ...), or 404 if it belongs to another case."""
    try:
        found = model._default_manager.get(case=case, public_id=public_id)
    except (model.DoesNotExist, ValueError) as missing:  # type: ignore[attr-defined]
        raise Http404("no such record") from missing
    found.case = case  # type: ignore[attr-defined]  # the same instance: its key is unwrapped once
    if audit:
        record(Action.READ, obj=found, centre_id=case.centre.public_id)
    return found


def get_participant(case: Case, public_id: uuid.UUID | str) -> CasePerson:
    """A person's part in the case (with the person), or 404."""
    try:
        link = CasePerson.objects.select_related("person__data_key").get(case=case, public_id=public_id)
    except (CasePerson.DoesNotExist, ValueError) as missing:
        raise Http404("no such person in this case") from missing
    record(Action.READ, obj=link.person, centre_id=case.centre.public_id)
    return link


def get_incident(case: Case, public_id: uuid.UUID | str) -> Incident:
    """An incident linked to the case, or 404."""
    try:
        incident = case.incidents.select_related("data_key", "centre").get(public_id=public_id)
    except (Incident.DoesNotExist, ValueError) as missing:
        raise Http404("no such incident in this case") from missing
    record(Action.READ, obj=incident, centre_id=case.centre.public_id)
    return incident


def centre_persons(case: Case) -> QuerySet[Person]:
    """Persons of the case's centre who may be added to it (for "the same person again")."""
    return Person.objects.filter(centre=case.centre)


# --- High protection --------------------------------------------------------------


def needs_reason(user: Any, case: Case) -> bool:
    """Whether the user must give a reason before this case opens."""
    if not case.is_high_protection:
        return False
    since = timezone.now() - datetime.timedelta(minutes=OPENING_MINUTES)
    return not ProtectedOpening.objects.filter(case=case, user=user, opened_at__gte=since).exists()


def open_protected(user: Any, case: Case, reason: str) -> ProtectedOpening:
    opening = ProtectedOpening.objects.create(case=case, user=user, reason=reason)
    record(Action.READ, obj=case, centre_id=case.centre.public_id, fields=[f"reason:{reason}"])
    return opening
