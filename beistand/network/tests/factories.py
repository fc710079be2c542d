"""Test data for the network directory: a few regions, centres and form posts.

Regions are fetched or created by their AGS key, so the helpers work both
before and after the real region data are loaded by the migrations.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from beistand.network.models import AdministrativeRegion, Centre, District, State

NRW_REGIONS = {"051": "Düsseldorf", "053": "Köln", "055": "Münster", "057": "Detmold", "059": "Arnsberg"}
NRW_DISTRICTS = {
    "05111": ("Düsseldorf", "051"),
    "05315": ("Köln", "053"),
    "05515": ("Münster", "055"),
    "05711": ("Bielefeld", "057"),
    "05911": ("Bochum", "059"),
    "05913": ("Dortmund", "059"),
}


def ensure_nrw_regions() -> dict[str, Any]:
    """NRW, its five Regierungsbezirke and six kreisfreie Städte, by AGS."""
    nrw, _ = State.objects.get_or_create(ags="05", defaults={"code": "NW", "name": "Nordrhein-Westfalen"})
    regions = {
        ags: AdministrativeRegion.objects.get_or_create(ags=ags, defaults={"name": name, "state": nrw})[0]
        for ags, name in NRW_REGIONS.items()
    }
    districts = {
        ags: District.objects.get_or_create(
            ags=ags,
            defaults={"name": name, "kind": District.Kind.URBAN, "state": nrw,
                      "administrative_region": regions[region]},
        )[0]
        for ags, (name, region) in NRW_DISTRICTS.items()
    }
    return {"state": nrw, "regions": regions, "districts": districts}


def csrf_token(client: Client) -> str:
    """Opens a workspace page (it has the logout form) so the CSRF cookie is set."""
    client.get(reverse("workspace:home"))
    return client.cookies["beistand_csrf"].value


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, {**data, "csrfmiddlewaretoken": csrf_token(client)})


def hours_management(total: int = 0, initial: int = 0) -> dict[str, Any]:
    return {
        "hours-TOTAL_FORMS": str(total),
        "hours-INITIAL_FORMS": str(initial),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "21",
    }


def centre_data(centre: Centre | None = None, **changes: Any) -> dict[str, Any]:
    """A complete, valid centre form post; `changes` overrides single fields."""
    data: dict[str, Any] = {
        "name": centre.name if centre else "Neue Beratungsstelle",
        "slug": centre.slug if centre else "neue-beratungsstelle",
        "type": centre.type if centre else "victim_counselling",
        "organisation": str(centre.organisation_id) if centre else "",
        "description": "",
        "is_published": "on",
        "service_area_note": "",
        "phone": "",
        "email": "",
        "website": "",
        "street": "",
        "postcode": "",
        "city": "",
        "opening_hours_note": "",
        "networks": [str(pk) for pk in centre.networks.values_list("pk", flat=True)] if centre else [],
        "channels": list(centre.channels) if centre else [],
        "languages": list(centre.languages) if centre else [],
        **hours_management(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
