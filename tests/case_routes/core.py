"""URL matrix entries for the case list, the case page, case forms and persons (see tests/matrix.py)."""

from __future__ import annotations

from beistand.cases.actions.core import add_new_person
from tests.matrix import CASEWORKERS, MISSING_CASE, Route, case_of


def person_of(attribute: str):
    """A person in the world's case (made on the spot), as the case and person ids of the URL."""

    def kwargs(world) -> dict:
        case = getattr(world, attribute)
        link = add_new_person(case, pseudonym="Matrix person")
        return {"case_id": case.public_id, "person_id": link.public_id}

    return kwargs


# A case of another centre is for Alice and Lena what a missing one is: 404.
OUTSIDE = {"alice": 404, "lena": 404}
CASE = {
    "kwargs": case_of("own_case"), "foreign": case_of("foreign_case"), "foreign_expect": OUTSIDE,
    "missing": MISSING_CASE,
}

ROUTES: dict[str, Route] = {
    "cases:case_list": Route(CASEWORKERS),
    "cases:case_create": Route(CASEWORKERS),
    "cases:case_detail": Route(CASEWORKERS, **CASE),
    "cases:case_edit": Route(CASEWORKERS, **CASE),
    # The own case is of normal protection: the reason page sends straight on to the case.
    "cases:open_protected": Route(
        {"anonymous": 302, "alice": 302, "lena": 302, "kai": 404, "paul": 404, "ada": 404}, **CASE
    ),
    "cases:person_add": Route(CASEWORKERS, **CASE),
    "cases:person_edit": Route(
        CASEWORKERS, kwargs=person_of("own_case"), foreign=person_of("foreign_case"), foreign_expect=OUTSIDE,
        missing=lambda world: {**MISSING_CASE(world), "person_id": person_of("own_case")(world)["person_id"]},
    ),
    "cases:person_remove": Route(
        CASEWORKERS, kwargs=person_of("own_case"), foreign=person_of("foreign_case"), foreign_expect=OUTSIDE,
        missing=lambda world: {**MISSING_CASE(world), "person_id": person_of("own_case")(world)["person_id"]},
    ),
}
