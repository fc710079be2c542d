"""Finding a place from what a person types: a postcode, a town or a district.

`lookup_place` never raises for bad input; it answers with `found=False` and a
message that can be shown as it is. It costs at most three small indexed queries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from beistand.network.models import AdministrativeRegion, District, Municipality, Postcode, State
from beistand.network.regions import name_key

MAX_QUERY_LENGTH = 100  # the longest German municipality name has about 60 characters
MAX_RESULTS = 20
POSTCODE = re.compile(r"\d{5}", re.ASCII)
POSTCODE_IN_TEXT = re.compile(r"(?<!\d)\d{5}(?!\d)", re.ASCII)
# Words that say which kind of Kreis is meant: "Kreis Unna", "Landkreis München".
RURAL_WORDS = ("landkreis", "kreis", "lk", "lkr")
URBAN_WORDS = ("kreisfreie stadt", "stadtkreis", "stadt", "sk")

MSG_EMPTY = _("Please enter a postcode or the name of a town or district.")
MSG_TOO_LONG = _("That is too long for a place name. Please enter a postcode or a town.")
MSG_INVALID = _("Please enter a postcode or a place name using letters and digits.")
MSG_POSTCODE_DIGITS = _("A postcode has five digits.")
MSG_NAME_UNKNOWN = _(
    "We could not find a town or district with this name. "
    "Please check the spelling or enter your postcode."
)


def _unknown_postcode(code: str) -> Any:
    return format_lazy(
        _("We do not know the postcode {postcode}. Please check it or enter the name of your town."),
        postcode=code,
    )


@dataclass
class PlaceLookup:
    """The answer to one lookup. `districts` is ordered: the most likely Kreis first."""

    query: str
    found: bool = False
    message: Any = ""
    postcode: str | None = None
    municipalities: list[Municipality] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)

    @property
    def district(self) -> District | None:
        return self.districts[0] if self.districts else None

    @property
    def municipality(self) -> Municipality | None:
        return self.municipalities[0] if self.municipalities else None

    @property
    def administrative_region(self) -> AdministrativeRegion | None:
        return self.district.administrative_region if self.district else None

    @property
    def state(self) -> State | None:
        return self.district.state if self.district else None

    @property
    def ambiguous(self) -> bool:
        """True when the place lies in (or the name fits) more than one Kreis."""
        return len(self.districts) > 1

    def as_place(self) -> dict[str, Any] | None:
        """The place object of the public JSON API, or None if nothing was found."""
        district = self.district
        if district is None:
            return None
        region = district.administrative_region
        return {
            "postcode": self.postcode,
            "municipality": self.municipality.name if self.municipality else None,
            "district": {"ags": district.ags, "name": district.name},
            "region": {"name": region.name} if region else None,
            "state": {"code": district.state.code, "name": district.state.name},
        }


def lookup_place(text: str) -> PlaceLookup:
    query = text if isinstance(text, str) else ""
    problem = _input_problem(query)
    if problem is not None:
        return PlaceLookup(query=query, message=problem)
    text = unicodedata.normalize("NFKC", query).strip()  # full-width digits are digits
    compact = re.sub(r"\s+", "", text)
    if compact.isdigit():
        return _by_postcode(query, compact)
    codes = POSTCODE_IN_TEXT.findall(text)
    if len(codes) == 1:  # "44137 Dortmund": the postcode says more than the name
        return _by_postcode(query, codes[0])
    return _by_name(query, text)


def _input_problem(query: str) -> Any:
    if not query.strip():
        return MSG_EMPTY
    if len(query) > MAX_QUERY_LENGTH:
        return MSG_TOO_LONG
    # Control, format (zero-width), surrogate, private and unassigned characters;
    # tabs and line breaks are only whitespace.
    if any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") and not c.isspace()
        for c in query
    ):
        return MSG_INVALID
    return None


# ---------------------------------------------------------------- postcodes


def _districts() -> Any:
    return District.objects.select_related("state", "administrative_region")


def _by_postcode(query: str, code: str) -> PlaceLookup:
    if not POSTCODE.fullmatch(code):
        return PlaceLookup(query=query, message=MSG_POSTCODE_DIGITS)
    postcode = Postcode.objects.filter(code=code).first()
    if postcode is None:
        return PlaceLookup(query=query, postcode=code, message=_unknown_postcode(code))
    districts = sorted(
        _districts().filter(postcodes=postcode),
        key=lambda d: (d.pk != postcode.main_district_id, d.name, d.ags),
    )
    municipalities = sorted(
        Municipality.objects.filter(postcodes=postcode),
        key=lambda m: (m.pk != postcode.main_municipality_id, m.name, m.ags),
    )
    return PlaceLookup(
        query=query,
        found=bool(districts),
        message="" if districts else _unknown_postcode(code),
        postcode=code,
        municipalities=municipalities,
        districts=districts,
    )


# ---------------------------------------------------------------- names


def _by_name(query: str, name: str) -> PlaceLookup:
    key = name_key(name)
    if not re.search(r"[a-z]", key):
        return PlaceLookup(query=query, message=MSG_NAME_UNKNOWN)
    bare, kind = _strip_kind_word(key)
    municipalities = _municipalities_named(key)  # "Stadt Wehlen" is a town's name
    if not municipalities and kind == "urban":  # "Stadt Unna" means the town Unna
        municipalities = _municipalities_named(bare)
    # A town wins over a Kreis of the same name: "München" is the city.
    districts = [] if municipalities else _districts_named(bare, kind)
    return _name_result(query, key, municipalities, districts)


def _municipalities_named(key: str) -> list[Municipality]:
    """The name itself and longer official names: "Halle" finds "Halle (Saale)" too."""
    named = Q(name_key=key) | Q(name_key__startswith=key + " ")
    return list(_municipalities().filter(named)[:MAX_RESULTS])


def _municipalities() -> Any:
    return Municipality.objects.select_related(
        "district__state", "district__administrative_region"
    ).order_by("name", "ags")


def _districts_named(key: str, kind: str | None) -> list[District]:
    """ "Unna", "Kreis Unna", "Landkreis München" (not the city), "Rhein-Sieg"."""
    named = Q(name_key=key) | Q(name_key__startswith=key + " ")
    candidates = list(_districts().filter(named)[:MAX_RESULTS])
    exact = [d for d in candidates if d.name_key == key] or candidates
    if kind == "rural":
        return [d for d in exact if d.kind != District.Kind.URBAN] or exact
    if kind == "urban":
        return [d for d in exact if d.kind == District.Kind.URBAN] or exact
    return exact


def _strip_kind_word(key: str) -> tuple[str, str | None]:
    for words, kind in ((URBAN_WORDS, "urban"), (RURAL_WORDS, "rural")):
        for word in words:
            if key.startswith(word + " "):
                return key.removeprefix(word + " "), kind
    return key, None


def _name_result(
    query: str, key: str, municipalities: list[Municipality], districts: list[District]
) -> PlaceLookup:
    municipalities = sorted(municipalities, key=lambda m: _municipality_rank(m, key))
    ordered: dict[int, District] = {m.district.pk: m.district for m in municipalities}
    for district in sorted(districts, key=_district_rank):
        ordered.setdefault(district.pk, district)
    found = bool(ordered)
    return PlaceLookup(
        query=query,
        found=found,
        message="" if found else MSG_NAME_UNKNOWN,
        municipalities=municipalities,
        districts=list(ordered.values()),
    )


def _municipality_rank(municipality: Municipality, key: str) -> tuple[Any, ...]:
    """A city that is its own Kreis ("Münster", "Halle (Saale)") before its namesakes,
    the exact name before longer ones, then the larger Kreis."""
    district = municipality.district
    own_kreis = district.kind == District.Kind.URBAN and district.name_key == municipality.name_key
    return (
        not own_kreis,
        municipality.name_key != key,
        -(district.population or 0),
        municipality.name,
        municipality.ags,
    )


def _district_rank(district: District) -> tuple[Any, ...]:
    return (-(district.population or 0), district.name, district.ags)
