"""URL matrix entries for closure, legal holds, deletion and the person's export (see tests/matrix.py).

Closing, placing a hold and the export are open to the case's caseworkers
(Alice, Lena); reopening, lifting a hold and deleting to the centre lead only
(Lena). Everybody else gets the 404 of a missing page.
"""

from __future__ import annotations

import uuid

from beistand.cases.actions.core import add_new_person
from beistand.retention.models import HoldReason, LegalHold
from tests.matrix import CASEWORKERS, MISSING_CASE, Route, World, case_of, only

LEAD_ONLY = only(("lena",))
LEAD_ONLY_POST = only(("lena",), status=302)


def with_person(attribute: str):
    def kwargs(world: World) -> dict:
        case = getattr(world, attribute)
        return {"case_id": case.public_id, "person_id": add_new_person(case, pseudonym="Matrix").public_id}

    return kwargs


def with_hold(attribute: str):
    def kwargs(world: World) -> dict:
        case = getattr(world, attribute)
        hold = LegalHold.objects.create(
            centre=case.centre, object_type="cases.case", object_public_id=case.public_id,
            reason=HoldReason.PROCEEDINGS, placed_by=uuid.uuid4(),
        )
        return {"case_id": case.public_id, "hold_id": hold.public_id}

    return kwargs


def missing_in_own_case(name: str):
    """The own case, and a person or hold that does not exist in it."""
    return lambda world: {"case_id": world.own_case.public_id, name: uuid.uuid4()}


# On another centre's case the caseworkers of this one are outsiders like everybody else.
FOREIGN = {"alice": 404, "lena": 404}


ROUTES: dict[str, Route] = {
    "cases:case_close": Route(
        CASEWORKERS, kwargs=case_of("own_case"), foreign=case_of("foreign_case"), foreign_expect=FOREIGN,
        missing=MISSING_CASE,
    ),
    "cases:case_reopen": Route(
        LEAD_ONLY_POST, kwargs=case_of("own_case"), foreign=case_of("foreign_case"),
        foreign_expect=FOREIGN, missing=MISSING_CASE, method="post",
    ),
    "cases:case_delete": Route(
        LEAD_ONLY, kwargs=case_of("own_case"), foreign=case_of("foreign_case"),
        foreign_expect=FOREIGN, missing=MISSING_CASE,
    ),
    "cases:legal_hold": Route(
        CASEWORKERS, kwargs=case_of("own_case"), foreign=case_of("foreign_case"), foreign_expect=FOREIGN,
        missing=MISSING_CASE,
    ),
    "cases:legal_hold_lift": Route(
        LEAD_ONLY_POST, kwargs=with_hold("own_case"), foreign=with_hold("foreign_case"),
        foreign_expect=FOREIGN, missing=missing_in_own_case("hold_id"), method="post",
    ),
    "cases:person_export": Route(
        CASEWORKERS, kwargs=with_person("own_case"), foreign=with_person("foreign_case"),
        foreign_expect=FOREIGN, missing=missing_in_own_case("person_id"),
    ),
    "cases:person_export_json": Route(
        CASEWORKERS, kwargs=with_person("own_case"), foreign=with_person("foreign_case"),
        foreign_expect=FOREIGN, missing=missing_in_own_case("person_id"),
    ),
}
