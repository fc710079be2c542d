"""Consents of a case: the current state per person and purpose with the full history, and a new statement."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from beistand.cases import consents
from beistand.cases.actions.consents import record_consent
from beistand.cases.forms.consents import ConsentForm
from beistand.cases.models import Case, Consent
from beistand.cases.views.common import case_view
from beistand.cases.views.work import record_form_page
from beistand.lib.http import AuthenticatedRequest


@case_view
def consent_list(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    history = consents.history(case)
    context = {
        "case": case,
        "current": consents.current_states(case, history),
        "history": history,
        "nav": "cases",
    }
    return render(request, "cases/records/consent_list.html", context)


@case_view
def consent_record(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    return record_form_page(
        request, case,
        build=lambda data: [ConsentForm(data, instance=Consent(case=case), case=case, user=request.user,
                                        initial=_preselected(request))],
        save=lambda form: record_consent(request.user, case, form),
        template="cases/records/consent_form.html",
        saved_message=_("The consent statement was recorded."),
        next_url=reverse("cases:consent_list", args=[case.public_id]),
    )


def _preselected(request: AuthenticatedRequest) -> dict[str, Any]:
    """A link from a refused referral names the person and the purpose (never the partner: no content in URLs)."""
    return {name: request.GET[name] for name in ("person", "purpose") if request.GET.get(name)}
