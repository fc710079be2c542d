"""Staff pages for centres: list with filters, detail, create and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import StaleEdit, with_current_version
from beistand.network import actions
from beistand.network import rules as network_rules
from beistand.network.choices import CentreType
from beistand.network.forms import CentreFilterForm, centre_forms
from beistand.network.models import Centre
from beistand.network.service_area import (
    service_area_parts,
    service_area_summary,
    with_service_area,
)
from beistand.network.views.common import STALE_MESSAGE, error_summary, reader_required


@reader_required
def centre_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = CentreFilterForm(request.GET or None)
    centres = filters.filter(Centre.objects.all())
    centres = with_service_area(centres.select_related("organisation").prefetch_related("networks"))
    rows = [(centre, service_area_summary(centre)) for centre in centres]
    editable = set(network_rules.editable_centres(request.user).values_list("pk", flat=True))
    context = {
        "filters": filters,
        "rows": rows,
        "type_counts": _type_counts(rows),
        "editable": editable,
        "can_add": network_rules.can_add_centre.test(request.user),
        "nav": "network",
        "section": "centres",
    }
    if request.headers.get("HX-Request"):
        # htmx asks for the results only (progressive enhancement of the filter form).
        response = render(request, "network/centre_list.html#results", context)
    else:
        response = render(request, "network/centre_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _type_counts(rows: list) -> list[tuple[str, int]]:
    """How many of the listed centres there are of each type, in the code list's order."""
    counts: dict[str, int] = {}
    for centre, _summary in rows:
        counts[centre.type] = counts.get(centre.type, 0) + 1
    return [(str(label), counts[value]) for value, label in CentreType.choices if value in counts]


@reader_required
def centre_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    centre = network_rules.get_centre_for_read(request.user, slug)
    centre = with_service_area(Centre.objects.filter(pk=centre.pk)).select_related("organisation").get()
    context = {
        "centre": centre,
        "service_area": service_area_parts(centre),
        "opening_hours": centre.opening_hours.all(),
        "networks": centre.networks.select_related("coordinated_by"),
        "can_edit": network_rules.can_change_centre.test(request.user, centre),
        "nav": "network",
        "section": "centres",
    }
    return render(request, "network/centre_detail.html", context)


@reader_required
def centre_create(request: AuthenticatedRequest) -> HttpResponse:
    network_rules.require(network_rules.can_add_centre, request.user)
    return _centre_form_page(request, None)


@reader_required
def centre_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    centre = network_rules.get_centre_for_edit(request.user, slug)
    return _centre_form_page(request, centre)


def _centre_form_page(request: AuthenticatedRequest, centre: Centre | None) -> HttpResponse:
    # Validation changes the instance in memory; links on the page keep the saved slug.
    saved_slug, saved_name = (centre.slug, centre.name) if centre else (None, None)
    data = request.POST if request.method == "POST" else None
    form, hours = centre_forms(request.user, data, centre)
    if data is not None and all([form.is_valid(), hours.is_valid()]):
        try:
            saved = actions.save_centre(request.user, form, hours)
        except StaleEdit:
            form, hours = _stale_centre_forms(request, form.instance)
        else:
            messages.success(request, _("The centre “%(name)s” was saved.") % {"name": saved.name})
            return redirect("network:centre_detail", saved.slug)
    context = {
        "form": form,
        "hours": hours,
        "errors": error_summary(form, hours),
        "saved_slug": saved_slug,
        "saved_name": saved_name,
        "nav": "network",
        "section": "centres",
    }
    return render(request, "network/centre_form.html", context)


def _stale_centre_forms(request: AuthenticatedRequest, edited: Centre) -> tuple[Any, Any]:
    """The user's input again, on the centre as it is now, with the current version to save over."""
    current = get_object_or_404(Centre, pk=edited.pk)  # deleted meanwhile: gone
    form, hours = centre_forms(request.user, with_current_version(request.POST, current), current)
    form.is_valid()
    hours.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form, hours
