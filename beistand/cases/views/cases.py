"""The case list, the case page, creating and editing a case, and opening a case of high protection."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beistand.cases import access, timeline
from beistand.cases.filters import CaseFilterForm, for_list, page_of
from beistand.cases.forms.cases import CaseForm, OpenProtectedForm
from beistand.cases.models import Case, StaleEdit
from beistand.cases.templatetags.cases import remember_caseworker
from beistand.cases.views.common import case_view, caseworker_view, error_summary, refuse_if_closed
from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import with_current_version

STALE_MESSAGE = gettext_lazy(
    "Someone else saved this case while you were editing it. Your entries are shown below and were not "
    "saved. Check them against the current case, then save again to replace it with your entries."
)


@caseworker_view
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    # The search form is sent by POST: a pseudonym typed into it must not end up in
    # addresses, the browser history or server logs. Plain filters also work as GET links.
    remember_caseworker(request)
    data = request.POST if request.method == "POST" else request.GET
    filters = CaseFilterForm(data or None, user=request.user)
    cases = for_list(filters.filter(access.visible_cases(request.user)))
    page = page_of(cases, data.get("page"), filters.page_size)
    context = {"filters": filters, "page": page, "searched": bool(data), "nav": "cases"}
    template = "cases/case_list.html#results" if request.headers.get("HX-Request") else "cases/case_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@caseworker_view
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    remember_caseworker(request)
    form = CaseForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        case = form.create()
        messages.success(request, _("The case %(reference)s was created.") % {"reference": case.reference})
        return redirect("cases:case_detail", case.public_id)
    return render(request, "cases/case_form.html", {"form": form, "errors": error_summary(form), "nav": "cases"})


@case_view
def case_detail(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    remember_caseworker(request)
    context = {
        "case": case,
        "participants": case.participants.select_related("person__centre", "person__data_key__centre").order_by("pk"),
        "timeline": timeline.build(case),
        "nav": "cases",
    }
    return render(request, "cases/case_detail.html", context)


@case_view
def case_edit(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    remember_caseworker(request)
    if refused := refuse_if_closed(request, case):
        return refused
    form = CaseForm(request.POST if request.method == "POST" else None, instance=case, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            form.update()
        except StaleEdit:
            form = _stale_case_form(request, case)
        else:
            messages.success(request, _("The case %(reference)s was saved.") % {"reference": case.reference})
            return redirect("cases:case_detail", case.public_id)
    context = {"form": form, "errors": error_summary(form), "case": case, "nav": "cases"}
    return render(request, "cases/case_form.html", context)


def _stale_case_form(request: AuthenticatedRequest, case: Case) -> CaseForm:
    """The user's input again, on the case as it is now, with the current version to save over."""
    current = access.get_case(request.user, case.public_id, audit=False)
    form = CaseForm(with_current_version(request.POST, current), instance=current, user=request.user)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form


@caseworker_view
def open_protected(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    """Asks why a case of high protection is opened, records it, and goes on."""
    remember_caseworker(request)
    # Not recorded as a read yet: nothing of the case is shown before the reason.
    case = access.get_case(request.user, case_id, audit=False)
    target = _safe_next(request, case)
    if not access.needs_reason(request.user, case):
        return redirect(target)
    form = OpenProtectedForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        access.open_protected(request.user, case, form.cleaned_data["reason"])
        return redirect(target)
    context = {"form": form, "errors": error_summary(form), "case": case, "nav": "cases"}
    return render(request, "cases/open_protected.html", context)


def _safe_next(request: AuthenticatedRequest, case: Case) -> str:
    """Where to go after the reason: the requested page of this site, else the case page."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("cases:case_detail", args=[case.public_id])
