"""Searching the directory: by need, language, distance, features and opening hours.

One search costs a bounded number of queries whatever the size of the
directory: with a place, one query fetches the candidates inside the bounding
box of the circle (indexed on the locations' coordinates) with every other
filter applied in SQL, the exact haversine distance is computed in Python for
those candidates only, and the page of results is then loaded with its details
(about six queries). Without a place, the entries come in name order, counted
and sliced in SQL.

The help finder calls `search(access.public_services(), criteria)` for the
public subset.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beistand.directory.choices import FEATURES, NEEDS, WEEKDAY_CODES, ServiceStatus
from beistand.directory.geo import Place, Point, bounding_box, distance_km
from beistand.directory.models import (
    Address,
    Attribute,
    Language,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from beistand.network.choices import COUNSELLING_LANGUAGES

PER_PAGE = 20
# Entries not verified for this long are listed for checking.
VERIFY_AFTER_DAYS = 365
SEARCHED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
LANGUAGE_NAMES = dict(COUNSELLING_LANGUAGES)


@dataclass
class Criteria:
    need: TaxonomyTerm | None = None
    language: str = ""
    place: Place | None = None
    radius_km: float | None = None
    features: list[TaxonomyTerm] = field(default_factory=list)
    open_now: bool = False
    text: str = ""
    # The moment "open now" refers to (local time); set by the caller for tests.
    now: datetime.datetime | None = None
    # The need's term and those below it, if the caller has the taxonomy loaded already.
    need_ids: set[int] | None = None

    @property
    def asks_for_needs(self) -> bool:
        """A need given as a term, or as term ids alone (the help finder's several needs at once)."""
        return self.need is not None or bool(self.need_ids)

    def at(self) -> datetime.datetime:
        return timezone.localtime(self.now or timezone.now())


@dataclass
class Result:
    service: Service
    distance_km: float | None
    reasons: list[str]
    place: str = ""  # postcode and town of the first address

    @property
    def needs_checking(self) -> bool:
        return needs_checking(self.service)


@dataclass
class ResultPage:
    results: list[Result]
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def needs_checking(service: Service, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    verified = service.last_verified_on
    return verified is None or (today - verified).days > VERIFY_AFTER_DAYS


def verification_due_before(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=VERIFY_AFTER_DAYS)


# --- Terms -----------------------------------------------------------------------------------


def need_terms() -> list[TaxonomyTerm]:
    """The needs taxonomy, broader terms first and each followed by its narrower ones."""
    terms = list(TaxonomyTerm.objects.filter(taxonomy__code=NEEDS).order_by("position", "name"))
    children: dict[int | None, list[TaxonomyTerm]] = {}
    for term in terms:
        children.setdefault(term.parent_id, []).append(term)
    ordered: list[TaxonomyTerm] = []

    def visit(parent: int | None, depth: int) -> None:
        for term in children.get(parent, []):
            term.depth = depth  # type: ignore[attr-defined]
            ordered.append(term)
            visit(term.pk, depth + 1)

    visit(None, 0)
    return ordered


def feature_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__code=FEATURES).order_by("position", "name"))


def with_narrower(term: TaxonomyTerm, terms: Iterable[TaxonomyTerm]) -> set[int]:
    """The term's id and those of all terms below it."""
    below: dict[int | None, list[int]] = {}
    for candidate in terms:
        below.setdefault(candidate.parent_id, []).append(candidate.pk)
    found, frontier = {term.pk}, [term.pk]
    while frontier:
        frontier = [child for parent in frontier for child in below.get(parent, [])]
        found.update(frontier)
    return found


# --- The search --------------------------------------------------------------------------------


def search(services: QuerySet[Service], criteria: Criteria, page: int = 1, per_page: int = PER_PAGE) -> ResultPage:
    """One page of the entries among `services` (already scoped to the reader) that match."""
    need_ids = _need_ids(criteria)
    filtered = _filtered(services, criteria, need_ids)
    if criteria.place is not None:
        ranked, total = _by_distance(filtered, criteria.place.point, criteria.radius_km or 30.0)
        number = _page_number(page, total, per_page)
        chosen = ranked[(number - 1) * per_page: number * per_page]
        distances = dict(chosen)
        page_ids = [pk for pk, _distance in chosen]
    else:
        total = filtered.count()
        number = _page_number(page, total, per_page)
        page_ids = list(filtered.order_by("name", "pk").values_list("pk", flat=True)[(number - 1) * per_page: number * per_page])
        distances = {}
    loaded = {service.pk: service for service in for_results(Service.objects.filter(pk__in=page_ids), criteria)}
    results = [
        Result(loaded[pk], distances.get(pk), reasons(loaded[pk], criteria, need_ids, distances.get(pk)),
               getattr(loaded[pk], "place", None) or "")
        for pk in page_ids if pk in loaded
    ]
    return ResultPage(results=results, total=total, number=number, per_page=per_page)


def for_results(services: QuerySet[Service], criteria: Criteria) -> QuerySet[Service]:
    """Only what the results show and their reasons need; the place and the language's note come
    along as columns of the one query, other parts only when asked for."""
    first_address = Address.objects.filter(location__service_links__service=OuterRef("pk")).order_by("pk")
    services = services.select_related("provider").annotate(
        place=Subquery(first_address.annotate(text=Concat("postal_code", Value(" "), "city")).values("text")[:1]),
    )
    if criteria.language:
        spoken = Language.objects.filter(service=OuterRef("pk"), code=criteria.language)
        services = services.annotate(language_note=Subquery(spoken.values("note")[:1]))
    parts: list[Any] = []
    if criteria.asks_for_needs or criteria.features:
        parts.append(Prefetch("attributes", queryset=Attribute.objects.select_related("term").order_by("term__position", "term__name")))
    if criteria.open_now:
        parts += [
            Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("location__schedules")),
        ]
    return services.prefetch_related(*parts)


def _need_ids(criteria: Criteria) -> set[int]:
    if criteria.need_ids is not None:
        return criteria.need_ids
    if criteria.need is None:
        return set()
    return with_narrower(criteria.need, need_terms())


def _page_number(page: int, total: int, per_page: int) -> int:
    last = max(1, math.ceil(total / per_page))
    return min(max(1, page), last)


def _filtered(services: QuerySet[Service], criteria: Criteria, need_ids: set[int]) -> QuerySet[Service]:
    filtered = services.filter(status__in=SEARCHED_STATUSES)
    if need_ids:
        filtered = filtered.filter(Exists(Attribute.objects.filter(service=OuterRef("pk"), term_id__in=need_ids)))
    if criteria.language:
        filtered = filtered.filter(Exists(Language.objects.filter(service=OuterRef("pk"), code=criteria.language)))
    for feature in criteria.features:
        filtered = filtered.filter(Exists(Attribute.objects.filter(service=OuterRef("pk"), term_id=feature.pk)))
    if criteria.open_now:
        filtered = filtered.filter(_open_at(criteria.at()))
    if criteria.text:
        filtered = filtered.filter(Q(name__icontains=criteria.text) | Q(provider__name__icontains=criteria.text))
    return filtered


def _open_at(moment: datetime.datetime) -> Q:
    """Open at this local time by the entry's own opening hours or those of one of its locations."""
    today, time = moment.date(), moment.time()
    open_now = (
        Q(byday__contains=WEEKDAY_CODES[today.weekday()], opens_at__lte=time, closes_at__gt=time)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )
    own = Schedule.objects.filter(open_now, service=OuterRef("pk"))
    at_location = Schedule.objects.filter(open_now, location__service_links__service=OuterRef("pk"))
    return Q(Exists(own)) | Q(Exists(at_location))


def _by_distance(filtered: QuerySet[Service], centre: Point, radius_km: float) -> tuple[list[tuple[int, float]], int]:
    """(entry id, distance) inside the circle, nearest first, and how many there are."""
    south, north, west, east = bounding_box(centre, radius_km)
    candidates = filtered.filter(
        at_locations__location__latitude__range=(south, north),
        at_locations__location__longitude__range=(west, east),
    ).order_by().values_list("pk", "at_locations__location__latitude", "at_locations__location__longitude")
    nearest: dict[int, float] = {}
    for pk, latitude, longitude in candidates:
        if latitude is None or longitude is None:
            continue  # the bounding box filter leaves none; for the type checker
        distance = distance_km(centre, Point(latitude, longitude))
        if distance <= radius_km and distance < nearest.get(pk, math.inf):
            nearest[pk] = distance
    ranked = sorted(nearest.items(), key=lambda item: (item[1], item[0]))
    return ranked, len(ranked)


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """What an entry page or a card shows, in a fixed number of queries."""
    return services.select_related("provider", "network", "owner_centre", "last_verified_by").prefetch_related(
        Prefetch("attributes", queryset=Attribute.objects.select_related("term").order_by("term__position", "term__name")),
        "languages",
        Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
        "phones",
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                Prefetch("location__addresses", queryset=Address.objects.order_by("pk")),
                "location__schedules", "location__accessibility",
            ).order_by("pk"),
        ),
    )


# --- Why an entry matches ------------------------------------------------------------------------


def reasons(service: Service, criteria: Criteria, need_ids: set[int], distance: float | None) -> list[str]:
    found: list[str] = []
    wants_terms = criteria.asks_for_needs or bool(criteria.features)
    terms = [attribute.term for attribute in service.attributes.all()] if wants_terms else []
    offered = [term.name for term in terms if term.pk in need_ids]
    if offered:
        found.append(_("Offers: %(needs)s") % {"needs": ", ".join(offered)})
    if criteria.language:
        found.append(language_reason(service, criteria.language))
    if distance is not None and criteria.place is not None:
        found.append(_("%(km)s km from %(place)s") % {"km": f"{distance:.1f}", "place": criteria.place.label})
    wanted = {feature.pk for feature in criteria.features}
    found += [term.name for term in terms if term.pk in wanted]
    if criteria.open_now:
        closes = closing_time(service, criteria.at())
        found.append(_("Open now, until %(time)s") % {"time": closes.strftime("%H:%M")} if closes else _("Open now"))
    return found


def language_reason(service: Service, code: str) -> str:
    name = str(LANGUAGE_NAMES.get(code, code))
    note = getattr(service, "language_note", None)
    if note is None:  # not annotated by the search: the entry's languages
        note = next((language.note for language in service.languages.all() if language.code == code), "")
    if note:
        return _("Speaks %(language)s (%(note)s)") % {"language": name, "note": note}
    return _("Speaks %(language)s") % {"language": name}


def all_schedules(service: Service) -> list[Schedule]:
    own = list(service.schedules.all())
    if own:
        return own
    return [schedule for link in service.at_locations.all() for schedule in link.location.schedules.all()]


def closing_time(service: Service, moment: datetime.datetime) -> datetime.time | None:
    """When the entry closes today if it is open at `moment` (None: not open)."""
    code, time = WEEKDAY_CODES[moment.weekday()], moment.time()
    for schedule in all_schedules(service):
        if code in schedule.days and schedule.opens_at and schedule.closes_at \
                and schedule.opens_at <= time < schedule.closes_at:
            return schedule.closes_at
    return None


def verified_text(service: Service) -> str:
    if service.last_verified_on is None:
        return _("Never verified")
    return _("Last verified on %(date)s") % {"date": date_format(service.last_verified_on, "DATE_FORMAT")}

