"""Closing and reopening a case, legal holds, and deleting a case by hand.

Closing and placing a hold are open to everyone who works on the case;
reopening, lifting a hold and deleting belong to the centre lead (everybody else
gets the 404 of a missing page). A case is deleted only when it is closed and
no legal hold keeps it, and only after the lead typed its reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beistand.cases import access
from beistand.cases.actions import closure as actions
from beistand.cases.forms.closure import CloseCaseForm, DeleteCaseForm, LegalHoldForm
from beistand.cases.models import Case, StaleEdit
from beistand.cases.retention import active_holds
from beistand.cases.views.common import CaseView, case_view, error_summary, refuse_if_closed
from beistand.lib.http import AuthenticatedRequest

NAV = {"nav": "cases"}


def lead_case_view(view: CaseView) -> CaseView:
    """A case view for the leads of the case's centre; the same 404 as a missing page for everybody else."""

    @case_view
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, case: Case, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_lead_of(request.user, case.centre):
            raise Http404("only the centre lead")
        return view(request, case, *args, **kwargs)

    return wrapped


def in_case(rows: Iterable[Any], case: Case) -> list[Any]:
    """Records of the case sharing its instance, so the case's data key is unwrapped once."""
    loaded = list(rows)
    for row in loaded:
        row.case, row.data_key = case, case.data_key
    return loaded


# --- Closing and reopening -----------------------------------------------------------


@case_view
def case_close(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    open_deadlines = in_case(case.deadlines.filter(done_at__isnull=True).order_by("due_on", "pk"), case)
    data = request.POST if request.method == "POST" else None
    form = CloseCaseForm(data, case=case, open_deadlines=len(open_deadlines))
    if data is not None and form.is_valid():
        try:
            closure = actions.close_case(
                request.user, case,
                reason=form.cleaned_data["closure_reason"],
                outcome=form.cleaned_data["closure_outcome"],
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            form.add_error(None, _(
                "Someone else changed this case while you were closing it. Check the case, then close it again."
            ))
        else:
            _say_closed(request, case, closure)
            return redirect("cases:case_detail", case.public_id)
    context = {"case": case, "form": form, "errors": error_summary(form), "open_deadlines": open_deadlines, **NAV}
    return render(request, "cases/closure/close_form.html", context)


def _say_closed(request: AuthenticatedRequest, case: Case, closure: actions.Closure) -> None:
    messages.success(request, _("The case was closed. It will be deleted on %(date)s.") % {
        "date": date_format(case.deletion_due_on) if case.deletion_due_on else "–",
    })
    if closure.outcome == actions.StatisticsOutcome.CONSENT_WITHDRAWN:
        messages.warning(request, _(
            "No statistics record was made: a directly affected person withdrew the consent to "
            "anonymised statistics."
        ))
    elif closure.outcome == actions.StatisticsOutcome.ALREADY_COUNTED:
        messages.info(request, _(
            "The case was counted in the statistics when it was first closed; no second record was made."
        ))


@lead_case_view
def case_reopen(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not case.is_closed:
        messages.error(request, _("This case is not closed."))
    else:
        actions.reopen_case(request.user, case)
        messages.success(request, _("The case was reopened; it no longer has a deletion date."))
    return redirect("cases:case_detail", case.public_id)


# --- Legal holds -----------------------------------------------------------------------


@case_view
def legal_hold(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    holds = list(active_holds(case).order_by("placed_at"))
    data = request.POST if request.method == "POST" else None
    form = LegalHoldForm(data, held_reasons={hold.reason for hold in holds})
    if data is not None and form.is_valid():
        actions.place_hold(request.user, case, form.cleaned_data["reason"])
        messages.success(request, _("The legal hold was placed: the case will not be deleted until it is lifted."))
        return redirect("cases:case_detail", case.public_id)
    context = {"case": case, "form": form, "errors": error_summary(form), "holds": holds, **NAV}
    return render(request, "cases/closure/hold_form.html", context)


@lead_case_view
def legal_hold_lift(request: AuthenticatedRequest, case: Case, hold_id: Any) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    hold = active_holds(case).filter(public_id=hold_id).first()
    if hold is None:
        raise Http404("no such hold on this case")
    actions.lift_hold(request.user, case, hold)
    messages.success(request, _("The legal hold was lifted."))
    return redirect("cases:case_detail", case.public_id)


# --- Deleting by hand ------------------------------------------------------------------


def deletion_refusal(case: Case) -> str:
    """Why the case cannot be deleted now, or "" when it can."""
    if not case.is_closed:
        return _("Only a closed case can be deleted. Close the case first.")
    if active_holds(case).exists():
        return _("A legal hold keeps this case: it cannot be deleted until the hold is lifted.")
    return ""


@lead_case_view
def case_delete(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    refusal = deletion_refusal(case)
    data = request.POST if request.method == "POST" else None
    form = DeleteCaseForm(data, case=case)
    if data is not None and not refusal and form.is_valid():
        reference = case.reference
        actions.delete_by_hand(request.user, case)
        messages.success(request, _("The case %(reference)s was deleted for good.") % {"reference": reference})
        return redirect("cases:case_list")
    context = {"case": case, "form": form, "errors": error_summary(form), "refusal": refusal, **NAV}
    return render(request, "cases/closure/delete_confirm.html", context, status=409 if refusal and data else 200)
