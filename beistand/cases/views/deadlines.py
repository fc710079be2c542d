"""Deadlines and tasks of a case: add, edit, mark done and reopen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beistand.cases import access
from beistand.cases.actions import deadlines as actions
from beistand.cases.forms.deadlines import DeadlineForm, DoneForm
from beistand.cases.models import Case, Deadline, StaleEdit
from beistand.cases.views.common import case_view, error_summary, refuse_if_closed
from beistand.lib.http import AuthenticatedRequest


def case_section_url(case: Case, section: str = "care") -> str:
    """The case page, scrolled to this part's section."""
    return f"{reverse('cases:case_detail', args=[case.public_id])}#{section}"


@case_view
def deadline_create(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    return _deadline_form_page(request, case, Deadline(case=case))


@case_view
def deadline_edit(request: AuthenticatedRequest, case: Case, record_id: str) -> HttpResponse:
    deadline = access.get_record(case, Deadline, record_id)
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    return _deadline_form_page(request, case, deadline)


def _deadline_form_page(request: AuthenticatedRequest, case: Case, deadline: Deadline) -> HttpResponse:
    """The form; "show due date" computes without saving, "save" saves (refused if stale)."""
    is_new = deadline.pk is None
    data = request.POST if request.method == "POST" else None
    form = DeadlineForm(data, instance=deadline, case=case)
    if data is not None and form.is_valid() and "preview" not in data:
        try:
            _save(request, case, form, is_new)
        except StaleEdit as stale:
            form.add_error(None, _("%(reason)s Your entries are kept below: check them and save again.")
                           % {"reason": stale})
        else:
            messages.success(request, _("The deadline was saved."))
            return redirect(case_section_url(case))
    context = {
        "case": case, "form": form, "errors": error_summary(form), "is_new": is_new,
        "deadline": deadline, "computed_due": form.computed_due if data is not None else None,
        "nav": "cases",
    }
    return render(request, "cases/care/deadline_form.html", context)


def _save(request: AuthenticatedRequest, case: Case, form: DeadlineForm, is_new: bool) -> Deadline:
    deadline = form.save(commit=False)
    if is_new:
        return actions.create_deadline(request.user, case, deadline, fields=form.changed_fields)
    return actions.update_deadline(
        request.user, deadline, fields=form.changed_fields,
        saved_due_on=form.saved_due_on, expected_version=form.expected_version,
    )


@case_view
@require_POST
def deadline_done(request: AuthenticatedRequest, case: Case, record_id: str) -> HttpResponse:
    """POST done=1 marks the deadline done, done=0 opens it again; then back to where the button was."""
    deadline = access.get_record(case, Deadline, record_id)
    refused = refuse_if_closed(request, case)
    if refused is not None:
        return refused
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: the request was incomplete."))
        return redirect(case_section_url(case))
    done = form.cleaned_data["done"]
    actions.set_done(request.user, deadline, done)
    messages.success(request, _("The deadline is done.") if done else _("The deadline is open again."))
    return redirect(back_to(request, form.cleaned_data["next"]) or case_section_url(case))


def back_to(request: AuthenticatedRequest, target: str) -> str | None:
    """A "next" address on this site (my week, the case page), or None."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
