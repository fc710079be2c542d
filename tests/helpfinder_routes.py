"""URL matrix entries for the help finder and its API (see tests/matrix.py).

The public pages and the API answer everybody alike (the API's 400: a request
without a situation). Routing rules are directory data: everybody with a role
reads them; coordinators change those of the centres in their networks, admins
all; the coverage report is for coordinators and admins.
"""

from __future__ import annotations

import uuid

from beistand.helpfinder.testing import make_rule
from tests.matrix import EDITORS, MISSING_SLUG, Route, everyone, only, slug_of, staff


def rule_of(attribute: str):
    return lambda world: {"rule_id": make_rule(getattr(world, attribute)).public_id}


MISSING_RULE = lambda world: {"rule_id": uuid.uuid4()}  # noqa: E731
# Kai coordinates the own centre's network, not the foreign one: there only the admin edits.
ADMIN_ONLY_ABROAD = only(("ada",))


def editor_route(kwargs, foreign, missing, method: str = "get") -> Route:
    return Route(EDITORS, kwargs=kwargs, foreign=foreign, foreign_expect=ADMIN_ONLY_ABROAD,
                 missing=missing, method=method)


HELPFINDER_ROUTES: dict[str, Route] = {
    # The public: the same for everybody, signed in or not.
    "helpfinder_public:start": Route(everyone(200)),
    "helpfinder_public:results": Route(everyone(200)),
    "api:helpfinder": Route(everyone(400)),
    # Staff: routing rules and coverage.
    "helpfinder:rule_list": Route(staff(200)),
    "helpfinder:centre_rules": Route(staff(200), kwargs=slug_of("own_centre"), missing=MISSING_SLUG),
    "helpfinder:rule_create": editor_route(slug_of("own_centre"), slug_of("foreign_centre"), MISSING_SLUG),
    "helpfinder:rule_edit": editor_route(rule_of("own_centre"), rule_of("foreign_centre"), MISSING_RULE),
    "helpfinder:rule_delete": editor_route(rule_of("own_centre"), rule_of("foreign_centre"), MISSING_RULE),
    "helpfinder:coverage": Route(only(("kai", "ada"))),
}
