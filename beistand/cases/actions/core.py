"""Creating and changing cases and the persons in them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.choices import CaseKind, PersonRole, ProtectionLevel
from beistand.cases.models import Case, CaseCounter, CasePerson, Person
from beistand.keys.models import DataKey, Purpose


def next_reference(centre: Any, year: int) -> str:
    number = CaseCounter.next_number(centre, year)
    return f"{centre.reference_prefix}-{year}-{number:04d}"


@transaction.atomic
def create_case(*, centre: Any, kind: str, access_channel: str, assigned: list[Any], **fields: Any) -> Case:
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
    record(Action.CREATE, obj=case, centre_id=centre.public_id)
    return case


@transaction.atomic
def add_new_person(case: Case, *, role: str = PersonRole.DIRECTLY_AFFECTED, **fields: Any) -> CasePerson:
    """A person new to the centre, with a key of their own, added to the case."""
    person = Person(centre=case.centre, data_key=DataKey.create(Purpose.PERSON, case.centre), **fields)
    person.save()
    link = CasePerson.objects.create(case=case, person=person, role=role)
    record(Action.CREATE, obj=person, centre_id=case.centre.public_id)
    return link
