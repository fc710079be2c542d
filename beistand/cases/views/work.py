"""Sessions, accompaniments, court proceedings and referrals of a case: add and edit.

Also the form page every record of this part uses (`record_form_page`): it
refuses closed cases, shows the form with an error summary, saves through an
action, and on a stale edit shows the form again with the input kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.forms import BaseForm, BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beistand.cases import access, consents
from beistand.cases.actions import records as actions
from beistand.cases.forms.work import (
    AccompanimentForm,
    CaseRecordForm,
    HearingFormSet,
    ProceedingForm,
    ReferralForm,
    SessionForm,
)
from beistand.cases.models import (
    Accompaniment,
    Case,
    CounsellingSession,
    CourtProceeding,
    Referral,
    StaleEdit,
)
from beistand.cases.views.common import case_view, error_summary, refuse_if_closed
from beistand.lib.http import AuthenticatedRequest

STALE_MESSAGE = gettext_lazy(
    "Someone else saved this record while you were editing it. Your entries are kept below. "
    "Save again to replace the other changes with yours, or open the record anew to see them."
)


class SaveRefused(Exception):
    """A save was refused for a reason the form already shows (nothing was written)."""


def record_form_page(
    request: AuthenticatedRequest,
    case: Case,
    *,
    build: Callable[[Any], Sequence[BaseForm | BaseFormSet]],
    save: Callable[..., Any],
    template: str,
    saved_message: str,
    extra: dict[str, Any] | None = None,
    next_url: str | None = None,
) -> HttpResponse:
    """Shows the form(s) `build(data)` returns, or saves them with `save(*forms)` and goes back to the case."""
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    data = request.POST if request.method == "POST" else None
    built = build(data)
    form = built[0]
    assert isinstance(form, CaseRecordForm)  # noqa: S101 - programming error
    # Every part validated (not short-circuited): all errors show at once.
    if data is not None and all([part.is_valid() for part in built]):
        try:
            save(*built)
        except StaleEdit:
            form.show_stale(actions.current_version(form.instance), str(STALE_MESSAGE))
        except SaveRefused:
            pass
        else:
            messages.success(request, saved_message)
            return redirect(next_url or reverse("cases:case_detail", args=[case.public_id]))
    formsets = [part for part in built[1:] if isinstance(part, BaseFormSet)]
    context = {
        "case": case,
        "form": form,
        "formsets": formsets,
        "errors": error_summary(form, *formsets),
        "editing": form.instance.pk is not None,
        "nav": "cases",
        **(extra or {}),
    }
    return render(request, template, context)


def in_case(obj: Any, case: Case) -> Any:
    """A record of the case, opened with the case's already unwrapped key."""
    obj.case, obj.data_key = case, case.data_key
    return obj


# --- Sessions ---------------------------------------------------------------------------------------


@case_view
def session_create(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    return _session_page(request, case, CounsellingSession(case=case))


@case_view
def session_edit(request: AuthenticatedRequest, case: Case, record_id: Any) -> HttpResponse:
    return _session_page(request, case, in_case(access.get_record(case, CounsellingSession, record_id), case))


def _session_page(request: AuthenticatedRequest, case: Case, session: CounsellingSession) -> HttpResponse:
    return record_form_page(
        request, case,
        build=lambda data: [SessionForm(data, instance=session, case=case, user=request.user)],
        save=lambda form: actions.save_session(request.user, case, form),
        template="cases/records/session_form.html",
        saved_message=_("The session was saved."),
    )


# --- Accompaniments -----------------------------------------------------------------------------------


@case_view
def accompaniment_create(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    return _accompaniment_page(request, case, Accompaniment(case=case))


@case_view
def accompaniment_edit(request: AuthenticatedRequest, case: Case, record_id: Any) -> HttpResponse:
    return _accompaniment_page(request, case, in_case(access.get_record(case, Accompaniment, record_id), case))


def _accompaniment_page(request: AuthenticatedRequest, case: Case, accompaniment: Accompaniment) -> HttpResponse:
    return record_form_page(
        request, case,
        build=lambda data: [AccompanimentForm(data, instance=accompaniment, case=case, user=request.user)],
        save=lambda form: actions.save_case_record(request.user, case, form),
        template="cases/records/accompaniment_form.html",
        saved_message=_("The accompaniment was saved."),
    )


# --- Court proceedings ---------------------------------------------------------------------------------


@case_view
def proceeding_create(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    return _proceeding_page(request, case, CourtProceeding(case=case))


@case_view
def proceeding_edit(request: AuthenticatedRequest, case: Case, record_id: Any) -> HttpResponse:
    return _proceeding_page(request, case, in_case(access.get_record(case, CourtProceeding, record_id), case))


def _proceeding_page(request: AuthenticatedRequest, case: Case, proceeding: CourtProceeding) -> HttpResponse:
    def build(data: Any) -> list[Any]:
        return [
            ProceedingForm(data, instance=proceeding, case=case, user=request.user),
            HearingFormSet(data, instance=proceeding, prefix="hearings"),
        ]

    return record_form_page(
        request, case,
        build=build,
        save=lambda form, hearings: actions.save_proceeding(request.user, case, form, hearings),
        template="cases/records/proceeding_form.html",
        saved_message=_("The court proceeding was saved."),
    )


# --- Referrals ----------------------------------------------------------------------------------------------


@case_view
def referral_create(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    return _referral_page(request, case, Referral(case=case))


@case_view
def referral_edit(request: AuthenticatedRequest, case: Case, record_id: Any) -> HttpResponse:
    return _referral_page(request, case, in_case(access.get_record(case, Referral, record_id), case))


def _referral_page(request: AuthenticatedRequest, case: Case, referral: Referral) -> HttpResponse:
    def save(form: ReferralForm) -> Referral:
        try:
            return actions.save_referral(request.user, case, form)
        except consents.ConsentMissing as missing:
            # Withdrawn between the check and the save: refused all the same, input kept.
            form.add_error("shares_data", missing.user_message())
            raise SaveRefused from missing

    return record_form_page(
        request, case,
        build=lambda data: [ReferralForm(data, instance=referral, case=case, user=request.user)],
        save=save,
        template="cases/records/referral_form.html",
        saved_message=_("The referral was saved."),
        extra={"withdrawn": consents.withdrawn_since(referral) if referral.pk else None},
    )
