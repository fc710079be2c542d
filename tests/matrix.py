"""What the URL matrix (test_url_matrix.py) and its route modules share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from beistand.network.models import Centre, Network, Organisation

PERSONAS = ("anonymous", "alice", "lena", "kai", "paul", "ada")
STAFF = ("alice", "lena", "kai", "paul", "ada")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def staff(status: int, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(STAFF, status)}


def only(allowed: tuple[str, ...], status: int = 200, others: int = 404) -> dict[str, int]:
    return {"anonymous": 302, **{p: (status if p in allowed else others) for p in STAFF}}


@dataclass
class Route:
    expect: dict[str, int]
    # Keyword arguments per perspective; None means the URL takes none.
    kwargs: Callable[[World], dict] | None = None
    foreign: Callable[[World], dict] | None = None
    foreign_expect: dict[str, int] = field(default_factory=dict)
    missing: Callable[[World], dict] | None = None
    # POST-only views are checked with a POST (CSRF is tested elsewhere).
    method: str = "get"


@dataclass
class World:
    """The objects the matrix points at, built once per test."""

    own_centre: Centre
    foreign_centre: Centre
    own_organisation: Organisation
    foreign_organisation: Organisation
    own_network: Network
    foreign_network: Network
    colleague_id: uuid.UUID
    colleague_membership_id: uuid.UUID
    # A case of the own centre (BackUp, assigned to Alice) and one of the foreign centre.
    own_case: Any = None
    foreign_case: Any = None


def slug_of(attribute: str) -> Callable[[World], dict]:
    return lambda world: {"slug": getattr(world, attribute).slug}


MISSING_SLUG = lambda world: {"slug": "does-not-exist"}  # noqa: E731
ACCOUNT = lambda world: {"public_id": world.colleague_id}  # noqa: E731
MISSING_ACCOUNT = lambda world: {"public_id": uuid.uuid4()}  # noqa: E731
MEMBERSHIP = lambda world: {  # noqa: E731
    "public_id": world.colleague_id, "membership_id": world.colleague_membership_id,
}

# Signed-in staff are sent on from the sign-in pages; these are allauth's own views.
# Pages that change a second factor ask for the password again first (allauth's
# reauthentication: 302), before they look at any object.
SIGNED_IN_ELSEWHERE = {"anonymous": 200, **dict.fromkeys(STAFF, 302)}
ADMIN_ONLY = only(("ada",))
EDITORS = only(("kai", "ada"))


def case_of(attribute: str) -> Callable[[World], dict]:
    return lambda world: {"case_id": getattr(world, attribute).public_id}


MISSING_CASE = lambda world: {"case_id": uuid.uuid4()}  # noqa: E731
# Case work: the counsellors and the lead of the case's centre; nobody else, not even admins.
CASEWORKERS = only(("alice", "lena"))
