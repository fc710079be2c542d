"""The public face of the network directory: no account, no cookies.

These views never touch the session or the messages framework and render no
form with a CSRF token, so no cookie is set (design invariant 5). Only
published centres exist here; everything else is the same 404.
"""

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from beistand.helpfinder.forms import HelpFinderForm
from beistand.network.choices import CentreType
from beistand.network.models import Centre
from beistand.network.service_area import (
    service_area_parts,
    service_area_summary,
    with_service_area,
)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The way in: the help finder's first questions right on the start page (a GET form)."""
    helplines = Centre.objects.published().filter(type=CentreType.HELPLINE, nationwide=True)
    context = {"form": HelpFinderForm(), "helplines": helplines}
    return render(request, "network/public/home.html", context)


@require_safe
def centre_list(request: HttpRequest) -> HttpResponse:
    centres = with_service_area(Centre.objects.published())
    return render(request, "network/public/centre_list.html", {"groups": _grouped_by_type(centres)})


def _grouped_by_type(centres: Iterable[Centre]) -> list[dict]:
    """Sections in the code list's order, each centre with its one-line service area."""
    by_type: dict[str, list] = {}
    for centre in centres:
        by_type.setdefault(centre.type, []).append(
            {"centre": centre, "area": service_area_summary(centre)}
        )
    return [
        {"type": value, "label": label, "entries": by_type[value]}
        for value, label in CentreType.choices
        if value in by_type
    ]


@require_safe
def centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    published = with_service_area(Centre.objects.published().select_related("organisation"))
    centre = get_object_or_404(published, slug=slug)
    context = {
        "centre": centre,
        "service_area": service_area_parts(centre),
        "opening_hours": centre.opening_hours.all(),
        "networks": centre.networks.order_by("name"),
    }
    return render(request, "network/public/centre_detail.html", context)
