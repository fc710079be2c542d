"""Building directory entries in tests and benchmarks (real rows, coordinates from the shipped postcodes)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from beistand.directory.actions import postcode_centroid
from beistand.directory.choices import Visibility
from beistand.directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


def make_service(
    name: str = "Praxis Beispiel",
    *,
    visibility: str = Visibility.PUBLIC,
    network: Any = None,
    owner_centre: Any = None,
    needs: Iterable[str] = (),
    features: Iterable[str] = (),
    languages: Iterable[str] = ("de",),
    postcode: str | None = "44137",
    city: str = "Dortmund",
    point: tuple[float, float] | None = None,
    hours: Iterable[tuple[str, str, str]] = (),
    phone: str = "0231 000000",
    verified_on: datetime.date | None = None,
    provider: Provider | None = None,
    **fields: Any,
) -> Service:
    """An entry with a location at the postcode's centre (or at `point`), terms by code, and hours."""
    provider = provider or Provider.objects.create(name=f"{name} (Träger)")
    service = Service.objects.create(
        provider=provider, name=name, visibility=visibility, network=network, owner_centre=owner_centre,
        last_verified_on=verified_on if verified_on is not None else timezone.localdate(), **fields,
    )
    if postcode:
        latitude, longitude = point or postcode_centroid(postcode)
        location = Location.objects.create(provider=provider, name=name, latitude=latitude, longitude=longitude)
        ServiceAtLocation.objects.create(service=service, location=location)
        Address.objects.create(location=location, address_1="Musterstraße 1", postal_code=postcode, city=city,
                               state_province="Nordrhein-Westfalen")
    for code in [*needs, *features]:
        Attribute.objects.create(service=service, term=TaxonomyTerm.objects.get(code=code))
    Language.objects.bulk_create(Language(service=service, code=code) for code in languages)
    for days, opens, closes in hours:
        Schedule.objects.create(service=service, byday=days, opens_at=datetime.time.fromisoformat(opens),
                                closes_at=datetime.time.fromisoformat(closes))
    if phone:
        Phone.objects.create(service=service, number=phone)
    return service
