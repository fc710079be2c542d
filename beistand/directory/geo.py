"""Distances on the shipped postcode centroids: no map tiles, no external geocoder.

A place typed by a counsellor (postcode, town or district) becomes a point via
network.places.lookup_place: a postcode's own centroid, or the mean of the
centroids of a town's (or district's) postcodes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg
from django.utils.translation import gettext_lazy as _

from beistand.network.models import Postcode
from beistand.network.places import POSTCODE, PlaceLookup, lookup_place

EARTH_RADIUS_KM = 6371.0088
# Germany with a margin: coordinates outside are typing errors (or not German).
NO_CENTROID = _("We know this place but not where it lies. Please enter a postcode nearby.")
GERMANY = {"min_latitude": 47.2, "max_latitude": 55.1, "min_longitude": 5.8, "max_longitude": 15.1}


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Place:
    """A place that was found, with the point distances are measured from and a name to show."""

    point: Point
    label: str


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) around the point: a cheap SQL prefilter for the circle."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    # Near the poles the box would wrap; Germany is far from them.
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(centre.latitude))))
    return centre.latitude - dlat, centre.latitude + dlat, centre.longitude - dlon, centre.longitude + dlon


def in_germany(latitude: float, longitude: float) -> bool:
    return (
        GERMANY["min_latitude"] <= latitude <= GERMANY["max_latitude"]
        and GERMANY["min_longitude"] <= longitude <= GERMANY["max_longitude"]
    )


def find_place(text: str) -> tuple[Place | None, Any]:
    """(the place, "") or (None, a message to show as it is)."""
    quick = _known_postcode(text)
    if quick is not None:
        return quick, ""
    lookup = lookup_place(text)
    if not lookup.found:
        return None, lookup.message
    point = point_of(lookup)
    if point is None:
        return None, NO_CENTROID
    return Place(point=point, label=_label(lookup)), ""


# Postcodes found with their centroid, per process. The postcode table is reference data that
# only a migration changes (the region data), so a found postcode never goes stale while the
# process runs; 8,169 postcodes at most, a few hundred bytes each.
_found_postcodes: dict[str, Place] = {}


def _known_postcode(text: str) -> Place | None:
    """A postcode with a centroid, in one query (the usual case); anything else goes through lookup_place."""
    code = text.strip() if isinstance(text, str) else ""
    if not POSTCODE.fullmatch(code):
        return None
    if code in _found_postcodes:
        return _found_postcodes[code]
    postcode = Postcode.objects.select_related("main_municipality", "main_district").filter(code=code).first()
    if postcode is None or postcode.latitude is None or postcode.longitude is None:
        return None
    where = postcode.main_municipality or postcode.main_district
    place = _found_postcodes[code] = Place(Point(postcode.latitude, postcode.longitude),
                                           f"{code} {where.name}" if where else code)
    return place


def point_of(lookup: PlaceLookup) -> Point | None:
    """Where a place that was found lies: its postcode's centre, or the mean of its postcodes' centres."""
    if lookup.postcode:
        postcodes = Postcode.objects.filter(code=lookup.postcode)
    elif lookup.municipality is not None:
        postcodes = Postcode.objects.filter(main_municipality=lookup.municipality)
    else:
        postcodes = Postcode.objects.filter(main_district=lookup.district)
    centre = postcodes.filter(latitude__isnull=False).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    if centre["lat"] is None:
        return None
    return Point(centre["lat"], centre["lon"])


def _label(lookup: PlaceLookup) -> str:
    name = lookup.municipality.name if lookup.municipality else (lookup.district.name if lookup.district else "")
    return f"{lookup.postcode} {name}".strip() if lookup.postcode else name

