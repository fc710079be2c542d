"""The coverage report for coordinators and admins: gaps and overlaps per Kreis and situation."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from beistand.helpfinder import access
from beistand.helpfinder.coverage import coverage_of
from beistand.lib.http import AuthenticatedRequest
from beistand.network.views.common import reader_required


@reader_required
def coverage(request: AuthenticatedRequest) -> HttpResponse:
    states = list(access.coverage_states(request.user))
    chosen = next((s for s in states if s.code == request.GET.get("state")), states[0] if states else None)
    context = {
        "states": states,
        "state": chosen,
        "report": coverage_of(chosen) if chosen else None,
        "nav": "network",
        "section": "coverage",
        "can_view_coverage": True,
    }
    return render(request, "helpfinder/staff/coverage.html", context)
