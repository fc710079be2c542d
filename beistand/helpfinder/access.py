"""Who may read and change routing rules, and see the coverage report.

Routing rules describe institutions, like the directory they belong to:
- everybody with a role (and every admin) reads them;
- admins change every centre's rules; a coordinator changes the rules of the
  centres in the networks their coordination office coordinates
  (`network.rules.editable_centres`);
- the coverage report is for coordinators (the Länder their networks work in)
  and admins (every Land).

Views reach rules only through the getters below; "not yours" is the same 404
as "does not exist".
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import rules
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from beistand.helpfinder.models import RoutingRule
from beistand.network import rules as network_rules
from beistand.network.models import Centre, State

if TYPE_CHECKING:
    from beistand.accounts.models import User

can_view_coverage = network_rules.is_admin | network_rules.is_network_coordinator
rules.set_perm("helpfinder.view_coverage", can_view_coverage)


def rules_for_read(user: User) -> QuerySet[RoutingRule]:
    network_rules.require(network_rules.can_read_directory, user)
    return RoutingRule.objects.select_related("centre")


def editable_rules(user: User) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(centre__in=network_rules.editable_centres(user))


def may_edit_rules_of(user: User, centre: Centre) -> bool:
    return network_rules.can_change_centre.test(user, centre)


def get_centre_for_rules(user: User, slug: str) -> Centre:
    return network_rules.get_centre_for_read(user, slug)


def get_centre_for_new_rule(user: User, slug: str) -> Centre:
    return network_rules.get_centre_for_edit(user, slug)


def get_rule_for_edit(user: User, rule_id: UUID) -> RoutingRule:
    network_rules.require(network_rules.can_read_directory, user)
    return get_object_or_404(editable_rules(user).select_related("centre"), public_id=rule_id)


def coverage_states(user: User) -> QuerySet[State]:
    """The Länder whose coverage the user may look at; 404 for everybody else."""
    network_rules.require(can_view_coverage, user)
    if network_rules.is_admin.test(user):
        return State.objects.order_by("name")
    centres = Centre.objects.filter(networks__in=network_rules.coordinated_networks(user))
    if centres.filter(nationwide=True).exists():
        return State.objects.order_by("name")
    in_area = (
        Q(centres__in=centres)
        | Q(administrative_regions__centres__in=centres)
        | Q(districts__centres__in=centres)
    )
    return State.objects.filter(in_area).distinct().order_by("name")
