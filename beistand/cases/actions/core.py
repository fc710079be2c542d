"""Creating and changing cases and the persons in them.

Each function writes its audit event: the object and the names of the changed
fields, never their values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.choices import CaseKind, PersonRole, ProtectionLevel
from beistand.cases.models import Case, CaseCounter, CasePerson, Notice, NoticeKind, Person
from beistand.keys.models import DataKey, Purpose


class PersonStillReferenced(Exception):
    """The person's part in the case carries consents or referrals, which removal would delete."""


def next_reference(centre: Any, year: int) -> str:
    number = CaseCounter.next_number(centre, year)
    return f"{centre.reference_prefix}-{year}-{number:04d}"


@transaction.atomic
def create_case(
    *, centre: Any, kind: str, access_channel: str, assigned: list[Any], actor: Any = None, **fields: Any
) -> Case:
    """A new case with its own data key and the next reference of the centre's year.

    Exit cases are always of high protection (domain.md: highest protection level).
    """
    opened_on = fields.pop("opened_on", None) or timezone.localdate()
    case = Case(
        centre=centre, kind=kind, access_channel=access_channel, opened_on=opened_on,
        data_key=DataKey.create(Purpose.CASE, centre),
        reference=next_reference(centre, opened_on.year),
        **fields,
    )
    if kind == CaseKind.EXIT:
        case.protection_level = ProtectionLevel.HIGH
    case.save()
    case.assigned.set(assigned)
    record(Action.CREATE, obj=case, centre_id=centre.public_id, user=actor)
    _notify_assigned(actor, case, assigned)
    return case


@transaction.atomic
def update_case(
    actor: Any, case: Case, *, changed: Iterable[str], assigned: list[Any] | None, expected_version: int | None
) -> Case:
    """Saves a case changed by a form; StaleEdit if someone saved it since the form was loaded.

    `changed` names the fields the form changed (for the audit event);
    `assigned` is the new list of counsellors, or None to leave it.
    """
    if case.kind == CaseKind.EXIT:
        case.protection_level = ProtectionLevel.HIGH
    case.save_checked(expected_version)
    fields = set(changed) - {"assigned"}
    if assigned is not None and _assign(actor, case, assigned):
        fields.add("assigned")
    if fields:
        record(Action.CHANGE, obj=case, centre_id=case.centre.public_id, fields=fields, user=actor)
    return case


def assign(actor: Any, case: Case, counsellors: list[Any]) -> bool:
    """Sets the counsellors of a case; tells the newly assigned ones. True if anything changed."""
    with transaction.atomic():
        changed = _assign(actor, case, counsellors)
        if changed:
            record(Action.CHANGE, obj=case, centre_id=case.centre.public_id, fields=["assigned"], user=actor)
    return changed


def _assign(actor: Any, case: Case, counsellors: list[Any]) -> bool:
    before = set(case.assigned.values_list("pk", flat=True))
    case.assigned.set(counsellors)
    added = [user for user in counsellors if user.pk not in before]
    _notify_assigned(actor, case, added)
    return {user.pk for user in counsellors} != before


def _notify_assigned(actor: Any, case: Case, users: Iterable[Any]) -> None:
    """An in-app notice for each counsellor given the case by someone else (reference only)."""
    actor_pk = getattr(actor, "pk", None)
    Notice.objects.bulk_create(
        Notice(recipient=user, centre=case.centre, kind=NoticeKind.CASE_ASSIGNED, reference=case.reference, case=case)
        for user in users
        if user.pk != actor_pk
    )


# --- Persons ---------------------------------------------------------------------------


@transaction.atomic
def add_new_person(
    case: Case, *, role: str = PersonRole.DIRECTLY_AFFECTED, actor: Any = None, **fields: Any
) -> CasePerson:
    """A person new to the centre, with a key of their own, added to the case."""
    person = Person(centre=case.centre, data_key=DataKey.create(Purpose.PERSON, case.centre), **fields)
    person.save()
    link = CasePerson.objects.create(case=case, person=person, role=role)
    record(Action.CREATE, obj=person, centre_id=case.centre.public_id, user=actor)
    record(Action.CREATE, obj=link, centre_id=case.centre.public_id, user=actor)
    return link


@transaction.atomic
def add_existing_person(actor: Any, case: Case, person: Person, *, role: str) -> CasePerson:
    """A person the centre already knows joins one more case: the same row, not a copy."""
    if person.centre_id != case.centre_id:
        raise ValueError("a person is shared only within their centre")
    link, created = CasePerson.objects.get_or_create(case=case, person=person, defaults={"role": role})
    if created:
        record(Action.CREATE, obj=link, centre_id=case.centre.public_id, user=actor)
    return link


@transaction.atomic
def update_person(
    actor: Any, link: CasePerson, *, changed: Iterable[str], expected_version: int | None
) -> CasePerson:
    """Saves a person (changed in memory by a form) and their role; StaleEdit if stale."""
    fields = set(changed)
    link.person.save_checked(expected_version)
    if "role" in fields:
        link.save(update_fields=["role"])
    if fields:
        record(Action.CHANGE, obj=link.person, centre_id=link.case.centre.public_id, fields=fields, user=actor)
    return link


@transaction.atomic
def remove_person(actor: Any, link: CasePerson) -> bool:
    """Takes a person out of a case; shreds them when no case links them any more.

    Returns True when the person was shredded. Refuses (PersonStillReferenced)
    while consents or referrals of this case name them: those records would go too.
    """
    if link.consents.exists() or link.referrals.exists():
        raise PersonStillReferenced
    person, centre_id = link.person, link.case.centre.public_id
    link.delete()
    record(Action.DELETE, obj=link, centre_id=centre_id, user=actor)
    if person.case_links.exists():
        return False
    person.data_key.shred()
    person.delete()
    record(Action.DELETE, obj=person, centre_id=centre_id, user=actor)
    return True
