"""Test helpers for the help finder: centres with a service area and routing rules, in one line."""

from __future__ import annotations

from typing import Any

from beistand.helpfinder.choices import Situation
from beistand.helpfinder.models import RoutingRule
from beistand.network.choices import CentreType, OrganisationKind
from beistand.network.models import AdministrativeRegion, Centre, District, Organisation, State


def make_rule(centre: Centre, situation: str = Situation.ATTACK, **fields: Any) -> RoutingRule:
    rule, _created = RoutingRule.objects.update_or_create(centre=centre, situation=situation, defaults=fields)
    return rule


def make_centre(
    slug: str,
    *,
    type: str = CentreType.VICTIM_COUNSELLING,
    districts: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    states: tuple[str, ...] = (),
    situations: tuple[str, ...] = (),
    **fields: Any,
) -> Centre:
    """A published centre serving the given Kreise, Regierungsbezirke and Länder (by AGS),
    with a routing rule for each situation."""
    carrier, _created = Organisation.objects.get_or_create(
        slug="helpfinder-carrier", defaults={"name": "Träger e.V.", "kind": OrganisationKind.CARRIER}
    )
    centre = Centre.objects.create(slug=slug, name=fields.pop("name", slug.title()), type=type,
                                   organisation=carrier, **fields)
    centre.districts.set(District.objects.filter(ags__in=districts))
    centre.administrative_regions.set(AdministrativeRegion.objects.filter(ags__in=regions))
    centre.states.set(State.objects.filter(ags__in=states))
    for situation in situations:
        make_rule(centre, situation)
    return centre
