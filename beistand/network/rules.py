"""Who may read and who may change the network directory.

- Every staff member with a role (and every admin) reads the whole staff directory:
  it describes institutions, never the people they counsel.
- Admins change everything.
- A coordinator changes the centres, organisations and networks that lie within
  the networks coordinated by their coordination centre(s).
- Counsellors, leads and referrers change nothing.

Views never look objects up directly: they use the getters at the end of this
module, which answer "not yours" with the same 404 as "does not exist".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from beistand.accounts.models import Role
from beistand.network.choices import CentreType
from beistand.network.models import Centre, Network, Organisation

if TYPE_CHECKING:
    from beistand.accounts.models import User


# --- Scope helpers --------------------------------------------------------------


def _is_working_account(user: User) -> bool:
    """Signed in and not deactivated: everyone else holds no rights here."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def _is_admin(user: User) -> bool:
    return _is_working_account(user) and bool(user.is_admin)


def coordination_centres(user: User) -> QuerySet[Centre]:
    """The coordination offices in which the user is a coordinator."""
    if not _is_working_account(user):
        return Centre.objects.none()
    return Centre.objects.filter(
        type=CentreType.COORDINATION,
        memberships__user=user,
        memberships__role=Role.COORDINATOR,
    ).distinct()


def coordinated_networks(user: User) -> QuerySet[Network]:
    """The networks whose entries the user maintains as a coordinator."""
    return Network.objects.filter(coordinated_by__in=coordination_centres(user))


def editable_networks(user: User) -> QuerySet[Network]:
    return Network.objects.all() if _is_admin(user) else coordinated_networks(user)


def editable_centres(user: User) -> QuerySet[Centre]:
    if _is_admin(user):
        return Centre.objects.all()
    return Centre.objects.filter(networks__in=coordinated_networks(user)).distinct()


def editable_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations in scope: working in, or carrying a centre of, a coordinated network."""
    if _is_admin(user):
        return Organisation.objects.all()
    networks = coordinated_networks(user)
    return Organisation.objects.filter(
        Q(networks__in=networks) | Q(centres__networks__in=networks)
    ).distinct()


# --- Predicates (also registered as permissions below) -------------------------------


@rules.predicate
def is_admin(user: User) -> bool:
    return _is_admin(user)


@rules.predicate
def has_role(user: User) -> bool:
    return _is_working_account(user) and user.memberships.exists()


@rules.predicate
def is_network_coordinator(user: User) -> bool:
    return coordinated_networks(user).exists()


@rules.predicate
def is_centre_in_scope(user: User, centre: Centre) -> bool:
    return centre.networks.filter(pk__in=coordinated_networks(user)).exists()


@rules.predicate
def is_organisation_in_scope(user: User, organisation: Organisation) -> bool:
    return editable_organisations(user).filter(pk=organisation.pk).exists()


@rules.predicate
def is_network_in_scope(user: User, network: Network) -> bool:
    return coordinated_networks(user).filter(pk=network.pk).exists()


@rules.predicate
def is_coordination_coordinator(user: User) -> bool:
    """May found a new network: only for a coordination office of their own."""
    return coordination_centres(user).exists()


can_read_directory = is_admin | has_role
can_add_centre = is_admin | is_network_coordinator
can_add_organisation = is_admin | is_network_coordinator
can_add_network = is_admin | is_coordination_coordinator
can_change_centre = is_admin | is_centre_in_scope
can_change_organisation = is_admin | is_organisation_in_scope
can_change_network = is_admin | is_network_in_scope

# set_perm, not add_perm: importing this module twice (autodiscovery, tests) must not fail.
rules.set_perm("network.view_directory", can_read_directory)
rules.set_perm("network.add_centre", can_add_centre)
rules.set_perm("network.change_centre", can_change_centre)
rules.set_perm("network.add_organisation", can_add_organisation)
rules.set_perm("network.change_organisation", can_change_organisation)
rules.set_perm("network.add_network", can_add_network)
rules.set_perm("network.change_network", can_change_network)


# --- Access-checked getters: the only way views reach directory objects ----------------


def require(predicate: rules.Predicate, user: User, obj: object = None) -> None:
    """Raises the same 404 as a missing object when the user may not do this."""
    if not _is_working_account(user) or not predicate.test(user, obj):
        raise Http404


def get_centre_for_read(user: User, slug: str) -> Centre:
    require(can_read_directory, user)
    return get_object_or_404(Centre.objects.select_related("organisation"), slug=slug)


def get_centre_for_edit(user: User, slug: str) -> Centre:
    require(can_read_directory, user)
    return get_object_or_404(editable_centres(user).select_related("organisation"), slug=slug)


def get_organisation_for_read(user: User, slug: str) -> Organisation:
    require(can_read_directory, user)
    return get_object_or_404(Organisation, slug=slug)


def get_organisation_for_edit(user: User, slug: str) -> Organisation:
    require(can_read_directory, user)
    return get_object_or_404(editable_organisations(user), slug=slug)


def get_network_for_read(user: User, slug: str) -> Network:
    require(can_read_directory, user)
    return get_object_or_404(Network.objects.select_related("coordinated_by"), slug=slug)


def get_network_for_edit(user: User, slug: str) -> Network:
    require(can_read_directory, user)
    return get_object_or_404(
        editable_networks(user).select_related("coordinated_by"), slug=slug
    )
