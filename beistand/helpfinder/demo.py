"""Routing rules for the demo network (beistand/demo/network.py).

Which situation each demo centre takes on, following the division of work in
shared/domain.md: victim counselling for attacks (BackUp in Westphalia-Lippe,
Opferberatung Rheinland in the Rhineland), exit counselling for leaving the
scene, the five Mobile Beratung teams for far-right activity in their
Regierungsbezirk, the weact centres for discrimination in their city, the
(example) domestic-violence centres and the help lines for violence at home.
Where each centre works comes from its service area in the demo network.

`load_demo_routing()` is idempotent: a rule is found by centre and situation
and changed only where it differs, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from beistand.helpfinder.choices import Priority
from beistand.helpfinder.choices import Situation as S
from beistand.helpfinder.models import RoutingRule
from beistand.network.models import Centre


class DemoRoutingError(RuntimeError):
    """The demo routing cannot be loaded (e.g. the demo network is missing)."""


@dataclass(frozen=True)
class DemoRule:
    centre: str
    situation: str
    priority: int = Priority.FIRST
    target_groups: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


MOBILE_TEAMS = ["arnsberg", "detmold", "muenster", "duesseldorf", "koeln"]
WEACT_SITES = ["bielefeld", "bochum", "koeln", "muenster", "augsburg", "nuernberg", "muenchen",
               "braunschweig", "hannover", "bensheim", "mannheim"]
DOMESTIC_VIOLENCE_CENTRES = ["dortmund", "bochum", "duesseldorf", "koeln", "bielefeld", "muenster"]

DEMO_RULES = [
    DemoRule("backup", S.ATTACK),
    DemoRule("opferberatung-rheinland", S.ATTACK),
    DemoRule("comeback", S.EXIT),
    *(DemoRule(f"mobile-beratung-{team}", S.COMMUNITY) for team in MOBILE_TEAMS),
    *(DemoRule(f"weact-{site}", S.DISCRIMINATION) for site in WEACT_SITES),
    *(DemoRule(f"haeusliche-gewalt-{city}", S.DOMESTIC_VIOLENCE) for city in DOMESTIC_VIOLENCE_CENTRES),
    # The men's help line and protection flats of NRW: after the local centre.
    DemoRule("maennerhilfetelefon", S.DOMESTIC_VIOLENCE, Priority.ALSO),
    DemoRule("maennerschutz-nrw", S.DOMESTIC_VIOLENCE, Priority.FURTHER),
    # A nationwide help line: listed with the help lines, first for violence at home.
    DemoRule("hilfetelefon-gewalt-gegen-frauen", S.DOMESTIC_VIOLENCE),
]


def load_demo_routing() -> None:
    """Creates or updates the demo rules; the demo network must be loaded first."""
    if not getattr(settings, "DEMO_ALLOWED", False):
        raise DemoRoutingError("The demo routing rules are never loaded in production.")
    centres = Centre.objects.in_bulk({rule.centre for rule in DEMO_RULES}, field_name="slug")
    missing = sorted({rule.centre for rule in DEMO_RULES} - set(centres))
    if missing:
        raise DemoRoutingError(
            f"The demo network is incomplete (missing centres: {', '.join(missing)}). "
            "Load it first (manage.py load_demo does both)."
        )
    with transaction.atomic():
        for demo_rule in DEMO_RULES:
            _save(centres[demo_rule.centre], demo_rule)


def _save(centre: Centre, demo_rule: DemoRule) -> None:
    wanted = {
        "priority": demo_rule.priority,
        "target_groups": list(demo_rule.target_groups),
        "languages": list(demo_rule.languages),
    }
    rule = RoutingRule.objects.filter(centre=centre, situation=demo_rule.situation).first()
    if rule is None:
        rule = RoutingRule(centre=centre, situation=demo_rule.situation, **wanted)
    elif all(getattr(rule, name) == value for name, value in wanted.items()):
        return
    for name, value in wanted.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save_checked(None)
