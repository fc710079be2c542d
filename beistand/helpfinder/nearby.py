"""Further help near you: public entries of the referral directory in the help finder's answer.

After the counselling centres, the help finder names up to SHOWN public
directory entries near the place that fit the situation: each situation stands
for some needs of the default taxonomy (SITUATION_NEEDS, each with its narrower
terms), and the person's language, when they chose one, must be spoken there.
The nearest entry of each need comes first, so that five psychotherapists do
not hide the forensic ambulance around the corner; then the nearest of the
rest. Nothing is shown without a place, nor for situations without needs.

Speed: the routing snapshot (`snapshot.py`) remembers, for its life, the
needs' term ids (and whether any public entry offers one: if none does, no
place costs a query), per place the public entries within RADIUS_KM (at most
KEPT_PER_PLACE, nearest first, with their needs and languages, and listed by
need so that choosing looks at a few of them), and per entry what the page
shows of it. All of it is public; it is kept by place and by entry, never by
question. A warm answer costs no query; a place asked for the first time costs
its point and the directory search (five queries), and entries shown for the
first time one batch of six.

Confidential addresses (`Location.address_is_confidential`, e.g. a women's
shelter): such an entry shows its town only, says the address is given on
request by phone, and shows no distance, since distances from a few postcodes
would give away the house. Choosing still uses its coordinates (within
RADIUS_KM, nearest of its need), but it is listed after the entries that show a
distance, so that its place in the order does not tell its distance either.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from beistand.directory.access import public_services
from beistand.directory.cards import opening_hours
from beistand.directory.choices import EXAMPLE_ENTRY, NEEDS, ServiceStatus, Weekday
from beistand.directory.geo import Place, point_of
from beistand.directory.models import (
    Address,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from beistand.directory.search import Criteria, Result, all_schedules, search, with_narrower
from beistand.directory.validation import tel_uri
from beistand.helpfinder import snapshot as snapshots
from beistand.helpfinder.choices import Situation
from beistand.helpfinder.routing import LANGUAGE_NAMES, Question
from beistand.helpfinder.snapshot import Snapshot
from beistand.network.places import PlaceLookup

RADIUS_KM = 30.0
SHOWN = 5
KEPT_PER_PLACE = 100

# What each situation may need besides counselling (codes of the default needs taxonomy,
# taxonomy_defaults.py; a code stands for its narrower terms too). Leaving the scene and
# far-right activity nearby are the centres' own work: no entries for them.
SITUATION_NEEDS: dict[str, tuple[str, ...]] = {
    Situation.ATTACK: ("medical", "legal-criminal-joint-plaintiff", "psychological", "victims_fund"),
    Situation.DISCRIMINATION: ("legal-antidiscrimination", "self_help"),
    Situation.DOMESTIC_VIOLENCE: ("housing", "legal-family-protection", "medical-forensic", "psychological"),
    Situation.EXIT: (),
    Situation.COMMUNITY: (),
}

# The needs in the person's words (the taxonomy's own names are German data).
NEED_LABELS = {
    "medical": gettext_lazy("Medical care and documentation of injuries"),
    "medical-forensic": gettext_lazy("Documentation of injuries"),
    "legal-criminal-joint-plaintiff": gettext_lazy("Legal advice in criminal proceedings"),
    "legal-antidiscrimination": gettext_lazy("Legal advice against discrimination"),
    "legal-family-protection": gettext_lazy("Legal protection from violence"),
    "psychological": gettext_lazy("Psychological or trauma therapy"),
    "victims_fund": gettext_lazy("Victims' funds and compensation"),
    "housing": gettext_lazy("Housing and protection"),
    "self_help": gettext_lazy("Self-help and community groups"),
}


@dataclass(frozen=True, slots=True)
class Nearby:
    """A public entry near a place, as remembered per place: what choosing needs."""

    service_id: int
    distance_km: float
    needs: frozenset[str]  # the codes of SITUATION_NEEDS it offers
    languages: frozenset[str]
    is_example: bool


@dataclass(frozen=True)
class Near:
    """The public entries near one place, nearest first, and for each need those that offer it
    (so that choosing looks at a few entries, not at all of them)."""

    entries: tuple[Nearby, ...]
    by_need: dict[str, tuple[Nearby, ...]]

    @classmethod
    def of(cls, entries: Iterable[Nearby]) -> Near:
        ordered = tuple(entries)
        codes = {code for entry in ordered for code in entry.needs}
        return cls(ordered, {code: tuple(entry for entry in ordered if code in entry.needs) for code in codes})


@dataclass(frozen=True, slots=True)
class Facts:
    """What the help finder shows of an entry, remembered per entry."""

    name: str
    provider: str
    address: str  # the town alone when the address is confidential
    phones: tuple[tuple[str, str], ...]  # (number, tel: address)
    hours: tuple[tuple[str, str], ...]  # (weekday code, "08:00–12:00, 14:00–18:00")
    # A location of the entry has a confidential address: its position must not show, by any figure.
    hides_position: bool = False
    address_on_request: bool = False  # the address shown is the town alone


@dataclass(frozen=True)
class Taxonomy:
    """The term ids of each need code (with its narrower terms), and of the example-entry feature."""

    needs: dict[str, frozenset[int]]
    example: int | None
    # Whether any active public entry offers one of the needs: without one, no place needs a search
    # (many installations start without a public directory).
    in_use: bool = True

    def all_needs(self) -> set[int]:
        return {pk for ids in self.needs.values() for pk in ids}


@dataclass
class FurtherHelp:
    """One entry in the answer."""

    name: str
    provider: str
    needs: list[str]  # the situation's need codes it offers
    languages: list[str]
    distance_km: float | None  # None where the position is confidential
    address: str
    phones: list[tuple[str, str]]  # (number, tel: address)
    hours: list[tuple[str, str]]  # (weekday, "08:00–12:00, 14:00–18:00"): cheaper here than in the template
    reasons: list[str]
    is_example: bool
    address_note: str = ""  # "Address on request by phone", in the person's language


def further_help(question: Question, place: PlaceLookup | None, data: Snapshot | None = None) -> list[FurtherHelp]:
    """Up to SHOWN public entries near the place for the question; [] without a place."""
    codes = SITUATION_NEEDS.get(question.situation, ())
    key = place_key(place) if place is not None else None
    if place is None or key is None or not codes:
        return []
    data = data or snapshots.current()
    taxonomy = data.remembered(("directory-taxonomy",), load_taxonomy)
    wanted = [code for code in codes if code in taxonomy.needs]
    if not wanted or not taxonomy.in_use:
        return []
    chosen = choose(data.remembered(("directory-near", key), lambda: near(place, taxonomy)), wanted, question.language)
    facts = facts_of(data, [entry.service_id for entry, _codes in chosen])
    label, words = place_label(place), _words(get_language())
    shown = [
        _shown(entry, codes, facts[entry.service_id], question.language, label, words)
        for entry, codes in chosen if entry.service_id in facts
    ]
    # A stable sort: those with a distance keep their order, the confidential ones follow.
    return sorted(shown, key=lambda item: item.distance_km is None)


# --- choosing ----------------------------------------------------------------------------------


def choose(near: Near, wanted: list[str], language: str) -> list[tuple[Nearby, list[str]]]:
    """The nearest entry of each need first, then the nearest of the rest; shown nearest first."""

    def fits(entry: Nearby) -> bool:
        return not language or language in entry.languages

    chosen: dict[int, Nearby] = {}
    for code in wanted:
        first = next((entry for entry in near.by_need.get(code, ()) if fits(entry) and entry.service_id not in chosen), None)
        if first is not None:
            chosen[first.service_id] = first
    for entry in near.entries:
        if len(chosen) >= SHOWN:
            break
        if entry.service_id not in chosen and fits(entry) and not entry.needs.isdisjoint(wanted):
            chosen[entry.service_id] = entry
    # Dicts keep the order of insertion: the first SHOWN are each need's nearest, then the rest.
    shown = sorted(list(chosen.values())[:SHOWN], key=lambda entry: (entry.distance_km, entry.service_id))
    return [(entry, [code for code in wanted if code in entry.needs]) for entry in shown]


def _shown(entry: Nearby, codes: list[str], facts: Facts, language: str, place_label: str,
           words: Words) -> FurtherHelp:
    distance = None if facts.hides_position else round(entry.distance_km, 1)
    reasons = [words.needs.get(code, code) for code in codes]
    if language:
        reasons.append(words.speaks % {"language": LANGUAGE_NAMES.get(language, language)})
    if distance is not None:
        km = f"{distance:.1f}".replace(".", words.decimal_separator)
        reasons.append(words.distance % {"km": km, "place": place_label})
    return FurtherHelp(
        name=facts.name, provider=facts.provider, needs=codes, languages=sorted(entry.languages),
        distance_km=distance, address=facts.address, phones=list(facts.phones),
        hours=[(words.weekdays[day], times) for day, times in facts.hours], reasons=reasons,
        is_example=entry.is_example, address_note=words.on_request if facts.address_on_request else "",
    )


@dataclass(frozen=True)
class Words:
    """The answer's fixed words in one language, translated once per process (a page has many)."""

    needs: dict[str, str]
    weekdays: dict[str, str]
    speaks: str
    distance: str
    decimal_separator: str
    on_request: str


@functools.lru_cache(maxsize=32)
def _words(language: str | None) -> Words:
    with translation.override(language):
        return Words(
            needs={code: str(label) for code, label in NEED_LABELS.items()},
            weekdays={day.value: str(day.label) for day in Weekday},
            speaks=_("Speaks %(language)s"),
            distance=_("%(km)s km from %(place)s"),
            decimal_separator=str(get_format("DECIMAL_SEPARATOR")),
            # Said instead of the street of a confidential address (a women's shelter, say).
            on_request=_("Address on request by phone"),
        )


# --- what is remembered ------------------------------------------------------------------------


def load_taxonomy() -> Taxonomy:
    """Two queries: the needs taxonomy with the example-entry feature, and whether any entry offers a need."""
    terms = list(TaxonomyTerm.objects.filter(Q(taxonomy__code=NEEDS) | Q(code=EXAMPLE_ENTRY)).only("pk", "code", "parent_id"))
    codes = {code for needs in SITUATION_NEEDS.values() for code in needs}
    needs = {term.code: frozenset(with_narrower(term, terms)) for term in terms if term.code in codes}
    example = next((term.pk for term in terms if term.code == EXAMPLE_ENTRY), None)
    need_ids = {pk for ids in needs.values() for pk in ids}
    in_use = bool(need_ids) and _active_public().filter(attributes__term_id__in=need_ids).exists()
    return Taxonomy(needs, example, in_use)


def _active_public() -> QuerySet[Service]:
    return public_services().filter(status=ServiceStatus.ACTIVE)


def place_label(place: PlaceLookup) -> str:
    """The place as the results page names it: "44137 Dortmund", "Unna" or the Kreis."""
    town = place.municipality.name if place.municipality is not None else ""
    name = town or (place.district.name if place.district is not None else "")
    return f"{place.postcode} {town}".strip() if place.postcode else name


def place_key(place: PlaceLookup) -> tuple[str, Any] | None:
    """The place itself (not what was typed): a postcode, else a town, else a Kreis."""
    if place.postcode:
        return ("postcode", place.postcode)
    if place.municipality is not None:
        return ("municipality", place.municipality.pk)
    if place.district is not None:
        return ("district", place.district.pk)
    return None


def near(place: PlaceLookup, taxonomy: Taxonomy) -> Near:
    """The active public entries within RADIUS_KM of the place that offer one of the needs, nearest first."""
    point = point_of(place)
    need_ids = taxonomy.all_needs()
    if point is None or not need_ids:
        return Near.of(())
    criteria = Criteria(need_ids=need_ids, place=Place(point, ""), radius_km=RADIUS_KM)
    results = search(_active_public(), criteria, per_page=KEPT_PER_PLACE).results
    spoken: dict[int, set[str]] = {}
    for service_id, code in Language.objects.filter(service__in=[r.service.pk for r in results]).values_list("service_id", "code"):
        spoken.setdefault(service_id, set()).add(code)
    return Near.of(_nearby(result, taxonomy, spoken.get(result.service.pk, set())) for result in results)


def _nearby(result: Result, taxonomy: Taxonomy, languages: set[str]) -> Nearby:
    terms = {attribute.term_id for attribute in result.service.attributes.all()}
    return Nearby(
        service_id=result.service.pk,
        distance_km=result.distance_km or 0.0,
        needs=frozenset(code for code, ids in taxonomy.needs.items() if not ids.isdisjoint(terms)),
        languages=frozenset(languages),
        is_example=taxonomy.example in terms,
    )


def facts_of(data: Snapshot, service_ids: list[int]) -> dict[int, Facts]:
    """The facts of the entries, from the snapshot; those not yet remembered in one batch."""
    known = {pk: data.recall(("directory-facts", pk)) for pk in service_ids}
    missing = [pk for pk, facts in known.items() if facts is None]
    for pk, facts in (_load_facts(missing) if missing else {}).items():
        data.remember(("directory-facts", pk), facts)
        known[pk] = facts
    return {pk: facts for pk, facts in known.items() if facts is not None}


def _load_facts(service_ids: list[int]) -> dict[int, Facts]:
    services = Service.objects.filter(pk__in=service_ids).select_related("provider").prefetch_related(
        "phones",
        Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
            Prefetch("location__addresses", queryset=Address.objects.order_by("pk")), "location__schedules",
        ).order_by("pk")),
    )
    return {service.pk: _facts(service) for service in services}


def _facts(service: Service) -> Facts:
    locations = [link.location for link in service.at_locations.all()]
    address, on_request = _public_address(locations)
    schedules = [s for s in all_schedules(service) if s.opens_at is not None and s.closes_at is not None]
    return Facts(
        name=service.name,
        provider=service.provider.name if service.provider.name != service.name else "",
        address=address,
        phones=tuple((phone.number, tel_uri(phone.number)) for phone in service.phones.all()),
        hours=tuple((day.day, ", ".join(day.periods)) for day in opening_hours(schedules)),
        # The search measured from the nearest location: any confidential one may be it.
        hides_position=any(location.address_is_confidential for location in locations),
        address_on_request=on_request,
    )


def _public_address(locations: list[Location]) -> tuple[str, bool]:
    """The first address the public may read in full, else the town of a confidential one
    (and whether the address is given on request only)."""
    public = [a for location in locations if not location.address_is_confidential for a in location.addresses.all()]
    if public:
        return _address_line(public[0]), False
    hidden = [a for location in locations for a in location.addresses.all()]
    return (hidden[0].city, True) if hidden else ("", False)


def _address_line(address: Address) -> str:
    street = f"{address.address_1}, {address.address_2}" if address.address_2 else address.address_1
    return f"{street}, {address.postal_code} {address.city}"
