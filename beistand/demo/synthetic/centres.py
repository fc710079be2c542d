"""Where synthetic cases go: the centres, their staff, their districts and code lists.

By default the counselling centres already there (the demo network's) get
the cases; `--centres N` makes N synthetic centres instead (unpublished, so
the public face does not list them), `--centre SLUG` puts every case into one.
Each centre gets synthetic staff: counsellors and a lead whose accounts
cannot sign in (no usable password, no second factor).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from django.db.models import Q

from beistand.accounts.models import Membership, Role, User
from beistand.cases.models import Code, CodeList
from beistand.demo.synthetic import distributions as dist
from beistand.network.choices import CentreType, OrganisationKind
from beistand.network.models import (
    AdministrativeRegion,
    Centre,
    District,
    Municipality,
    Organisation,
)

STAFF_DOMAIN = "synthetic.beistand.invalid"
CARRIER_SLUG = "synthetic-carrier"
NRW = "05"
# The mix of a state network: mostly victim and domestic-violence counselling.
SYNTHETIC_TYPES = [
    CentreType.VICTIM_COUNSELLING, CentreType.DOMESTIC_VIOLENCE_COUNSELLING, CentreType.VICTIM_COUNSELLING,
    CentreType.MOBILE_COUNSELLING, CentreType.ANTIDISCRIMINATION_COUNSELLING, CentreType.EXIT_COUNSELLING,
]
# Cases per counsellor (over the years the data cover) before another one is added.
CASES_PER_COUNSELLOR = 4000
MIN_COUNSELLORS, MAX_COUNSELLORS = 3, 12


class NoCentres(RuntimeError):
    """There is nowhere to put the cases (no counselling centre, or an unknown slug)."""


@dataclass
class CentreContext:
    """Everything the planner needs about one centre, loaded once."""

    centre: Centre
    counsellors: list[User]
    lead: User
    district_ids: list[int]
    district_weights: list[float]
    codes: dict[str, dict[str, Code]]
    _municipalities: dict[int, list[int]] = field(default_factory=dict)

    @property
    def kinds(self) -> dict[str, float]:
        return dist.KINDS_BY_CENTRE_TYPE[self.centre.type]

    def municipality_in(self, rng: random.Random, district_id: int) -> int | None:
        ids = self._municipalities.get(district_id)
        if ids is None:
            ids = self._municipalities[district_id] = list(
                Municipality.objects.filter(district_id=district_id).order_by("ags").values_list("pk", flat=True)
            )
        return rng.choice(ids) if ids else None


def choose_centres(*, slug: str | None, create: int) -> list[Centre]:
    if slug:
        centre = Centre.objects.filter(slug=slug).first()
        if centre is None:
            raise NoCentres(f"There is no centre '{slug}'.")
        if centre.type not in dist.KINDS_BY_CENTRE_TYPE:
            raise NoCentres(f"'{slug}' does no case work ({centre.type}).")
        return [centre]
    if create:
        return [synthetic_centre(number) for number in range(1, create + 1)]
    centres = list(Centre.objects.filter(type__in=list(dist.KINDS_BY_CENTRE_TYPE)).order_by("slug"))
    if not centres:
        raise NoCentres("No counselling centre exists: run manage.py load_demo first, or pass --centres N.")
    return centres


def synthetic_centre(number: int) -> Centre:
    """Synthetic centre `number` (found again on a second run), in one of NRW's five regions."""
    carrier, _ = Organisation.objects.get_or_create(
        slug=CARRIER_SLUG,
        defaults={"name": "Synthetischer Träger (Beispiel)", "kind": OrganisationKind.CARRIER},
    )
    centre, created = Centre.objects.get_or_create(
        slug=f"synthetic-{number:02d}",
        defaults={
            "name": f"Synthetische Beratungsstelle {number:02d} (Beispiel)",
            "type": SYNTHETIC_TYPES[(number - 1) % len(SYNTHETIC_TYPES)],
            "organisation": carrier, "is_published": False, "contact_is_example": True,
            "case_reference_prefix": "SY" + _letters(number),
        },
    )
    if created:
        regions = list(AdministrativeRegion.objects.filter(state__ags=NRW).order_by("ags"))
        if regions:
            centre.administrative_regions.set([regions[(number - 1) % len(regions)]])
    return centre


def _letters(number: int) -> str:
    """AA, AB, ...: the centre's part of its reference prefix (capital letters only)."""
    first, second = divmod(number - 1, 26)
    return chr(ord("A") + first % 26) + chr(ord("A") + second)


def centre_context(centre: Centre, cases: int) -> CentreContext:
    counsellors = ensure_staff(centre, Role.COUNSELLOR, _counsellor_count(cases))
    lead = ensure_staff(centre, Role.LEAD, 1)[0]
    district_ids, weights = _districts(centre)
    return CentreContext(centre, counsellors, lead, district_ids, weights, _codes(centre))


def _counsellor_count(cases: int) -> int:
    return max(MIN_COUNSELLORS, min(MAX_COUNSELLORS, math.ceil(cases / CASES_PER_COUNSELLOR)))


def ensure_staff(centre: Centre, role: str, count: int) -> list[User]:
    """`count` synthetic accounts with `role` in the centre, made once and found again."""
    label = "Leitung" if role == Role.LEAD else "Beratung"
    staff = []
    for number in range(1, count + 1):
        email = f"synthetic-{role}-{number:02d}.{centre.slug}@{STAFF_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            # No password, no second factor: these accounts exist to own cases, not to sign in.
            user = User.objects.create_user(email, None, display_name=f"{label} {number:02d} (synthetisch)")
        Membership.objects.get_or_create(user=user, centre=centre, role=role)
        staff.append(user)
    return staff


def _districts(centre: Centre) -> tuple[list[int], list[float]]:
    """The centre's Kreise (its service area, else NRW's), weighted by population; cities count more."""
    area = Q(pk__in=centre.districts.values("pk")) | Q(administrative_region__in=centre.administrative_regions.all())
    area |= Q(state__in=centre.states.all())
    districts = list(District.objects.filter(area).order_by("ags").values_list("pk", "population", "kind"))
    if not districts or centre.nationwide:
        districts = list(District.objects.filter(state__ags=NRW).order_by("ags").values_list("pk", "population", "kind"))
    weights = [(population or 50_000) * (1.5 if kind == District.Kind.URBAN else 1.0) for _, population, kind in districts]
    return [pk for pk, _, _ in districts], weights


def _codes(centre: Centre) -> dict[str, dict[str, Code]]:
    """The default code lists' current codes by scheme and code (the defaults every network starts from)."""
    lists = CodeList.objects.filter(network__isnull=True, is_current=True)
    codes: dict[str, dict[str, Code]] = {}
    for code in Code.objects.filter(code_list__in=lists).select_related("code_list").order_by("pk"):
        codes.setdefault(code.code_list.scheme, {})[code.code] = code
    return codes

