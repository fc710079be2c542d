"""A centre's service area in words, for lists and detail pages.

Reads the prefetched relations (see `with_service_area`), so a list of
centres costs a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beistand.network.forms.fields import district_label
from beistand.network.models import AdministrativeRegion, Centre, District, State

# How many places a one-line summary names before it says "and N more".
SUMMARY_LIMIT = 3


def with_service_area(centres: QuerySet[Centre]) -> QuerySet[Centre]:
    return centres.prefetch_related(
        Prefetch("states", queryset=State.objects.order_by("name")),
        Prefetch(
            "administrative_regions",
            queryset=AdministrativeRegion.objects.select_related("state").order_by("name"),
        ),
        Prefetch("districts", queryset=District.objects.order_by("name")),
    )


def region_label(region: AdministrativeRegion) -> str:
    return _("%(name)s (administrative district)") % {"name": region.name}


def service_area_parts(centre: Centre) -> list[str]:
    """Every place the centre serves, largest units first."""
    if centre.nationwide:
        return [_("Nationwide")]
    return [
        *(state.name for state in centre.states.all()),
        *(region_label(region) for region in centre.administrative_regions.all()),
        *(district_label(district) for district in centre.districts.all()),
    ]


def service_area_summary(centre: Centre, limit: int = SUMMARY_LIMIT) -> str:
    parts = service_area_parts(centre)
    if not parts:
        return _("Service area not specified")
    if len(parts) <= limit:
        return ", ".join(parts)
    more = len(parts) - limit
    return ngettext("%(places)s and %(count)s more", "%(places)s and %(count)s more", more) % {
        "places": ", ".join(parts[:limit]),
        "count": more,
    }
