"""Incidents of a case: record a new one, edit one, link an existing incident of the centre."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beistand.cases import access
from beistand.cases.actions import records as actions
from beistand.cases.forms.incidents import IncidentFilterForm, IncidentForm, IncidentLinkForm
from beistand.cases.models import Case, Incident
from beistand.cases.views.common import case_view, error_summary, refuse_if_closed
from beistand.cases.views.work import record_form_page
from beistand.lib.http import AuthenticatedRequest


@case_view
def incident_create(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    return _incident_page(request, case, Incident(centre=case.centre))


@case_view
def incident_edit(request: AuthenticatedRequest, case: Case, record_id: Any) -> HttpResponse:
    return _incident_page(request, case, access.get_incident(case, record_id))


def _incident_page(request: AuthenticatedRequest, case: Case, incident: Incident) -> HttpResponse:
    return record_form_page(
        request, case,
        build=lambda data: [IncidentForm(data, instance=incident, case=case, user=request.user)],
        save=lambda form: actions.save_incident(request.user, case, form),
        template="cases/records/incident_form.html",
        saved_message=_("The incident was saved."),
        extra={"other_cases": incident.cases.exclude(pk=case.pk).count() if incident.pk else 0},
    )


@case_view
def incident_link(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    filters = IncidentFilterForm(request.GET or None)
    data = request.POST if request.method == "POST" else None
    form = IncidentLinkForm(data, case=case, user=request.user, month=filters.month())
    if data is not None and form.is_valid():
        actions.link_incident(request.user, case, form.cleaned_data["incident"])
        messages.success(request, _("The incident was linked to this case."))
        return redirect("cases:case_detail", case.public_id)
    context = {
        "case": case,
        "filters": filters,
        "form": form,
        "errors": error_summary(form),
        "nav": "cases",
    }
    return render(request, "cases/records/incident_link.html", context)
