"""Role predicates for `rules`, and the centres a user works in.

Every predicate answers False for anonymous and deactivated accounts, so a
check that forgets `login_required` still fails closed. Object predicates take
the centre as the second argument: `is_centre_lead(user, centre)`.

Network editing permissions live in beistand/network/rules.py.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from beistand.accounts.models import CENTRE_ROLES, Membership, Role
from beistand.network.models import Centre


def _is_working_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _has_centre_membership(user: Any, centre: Any, roles: tuple[str, ...]) -> bool:
    if not _is_working_account(user) or centre is None:
        return False
    return Membership.objects.filter(user=user, centre=centre, role__in=roles).exists()


@rules.predicate
def is_admin(user: Any) -> bool:
    """Technical administrator: manages accounts, never sees case content."""
    return _is_working_account(user) and bool(user.is_admin)


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return _is_working_account(user) and user.has_role(Role.COORDINATOR)


@rules.predicate
def is_centre_lead(user: Any, centre: Any) -> bool:
    return _has_centre_membership(user, centre, (Role.LEAD,))


@rules.predicate
def is_centre_member(user: Any, centre: Any) -> bool:
    """Any role in this centre: counsellor, centre lead or coordinator."""
    return _has_centre_membership(user, centre, CENTRE_ROLES)


def centres_for(user: Any) -> QuerySet[Centre]:
    """The centres in which the user holds a centre role (referrers hold none)."""
    if not _is_working_account(user):
        return Centre.objects.none()
    return Centre.objects.filter(
        memberships__user=user, memberships__role__in=CENTRE_ROLES
    ).distinct()


# set_perm, not add_perm: importing this module twice (autodiscovery, tests) must not fail.
rules.set_perm("accounts.manage_accounts", is_admin)
