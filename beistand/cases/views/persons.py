"""The persons in a case: adding a new or an already known person, editing, removing.

Messages never name the person: they are kept in the session until shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beistand.cases import access
from beistand.cases.actions.core import (
    PersonStillReferenced,
    add_existing_person,
    add_new_person,
    remove_person,
    update_person,
)
from beistand.cases.forms.persons import FindPersonForm, PersonForm, existing_person_form
from beistand.cases.models import Case, CasePerson, StaleEdit
from beistand.cases.templatetags.cases import remember_caseworker
from beistand.cases.views.common import case_view, error_summary, refuse_if_closed
from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import with_current_version

STALE_MESSAGE = gettext_lazy(
    "Someone else saved this person while you were editing. Your entries are shown below and were not "
    "saved. Check them against the current entry, then save again to replace it with your entries."
)


@case_view
def person_add(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    """Two ways in: find a person the centre knows by their exact pseudonym, or enter a new one."""
    remember_caseworker(request)
    if refused := refuse_if_closed(request, case):
        return refused
    action = request.POST.get("action") if request.method == "POST" else None
    new_form = PersonForm(request.POST if action == "new" else None)
    find_form = FindPersonForm(request.POST if action in ("find", "existing") else None)
    existing_form = None
    if find_form.is_bound and find_form.is_valid():
        data = request.POST if action == "existing" else None
        existing_form = existing_person_form(request.user, case, find_form.cleaned_data["find"], data)
        if existing_form.is_bound and existing_form.is_valid():
            role = existing_form.cleaned_data["role"]
            add_existing_person(request.user, case, existing_form.chosen(), role=role)
            return _added(request, case)
    if new_form.is_bound and new_form.is_valid():
        add_new_person(case, role=new_form.cleaned_data["role"], actor=request.user, **new_form.person_values())
        return _added(request, case)
    errors = error_summary(new_form) + error_summary(find_form)
    if existing_form is not None:
        errors += error_summary(existing_form)
    context = {
        "case": case, "new_form": new_form, "find_form": find_form, "existing_form": existing_form,
        "errors": errors, "nav": "cases",
    }
    return render(request, "cases/person_add.html", context)


def _added(request: AuthenticatedRequest, case: Case) -> HttpResponse:
    messages.success(request, _("The person was added to the case."))
    return redirect("cases:case_detail", case.public_id)


@case_view
def person_edit(request: AuthenticatedRequest, case: Case, person_id: str) -> HttpResponse:
    remember_caseworker(request)
    if refused := refuse_if_closed(request, case):
        return refused
    link = access.get_participant(case, person_id)
    form = PersonForm(request.POST if request.method == "POST" else None, link=link)
    if form.is_bound and form.is_valid():
        form.apply()
        try:
            update_person(request.user, link, changed=form.changed_person_fields(),
                          expected_version=form.cleaned_data.get("version"))
        except StaleEdit:
            form = _stale_person_form(request, case, person_id)
        else:
            messages.success(request, _("The person's entry was saved."))
            return redirect("cases:case_detail", case.public_id)
    context = {"case": case, "link": link, "form": form, "errors": error_summary(form), "nav": "cases"}
    return render(request, "cases/person_form.html", context)


def _stale_person_form(request: AuthenticatedRequest, case: Case, person_id: str) -> PersonForm:
    current = access.get_participant(case, person_id)
    form = PersonForm(with_current_version(request.POST, current.person), link=current)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form


@case_view
def person_remove(request: AuthenticatedRequest, case: Case, person_id: str) -> HttpResponse:
    """GET asks to confirm; POST takes the person out of the case (and shreds them if it was their last)."""
    remember_caseworker(request)
    if refused := refuse_if_closed(request, case):
        return refused
    link = access.get_participant(case, person_id)
    if request.method == "POST":
        return _remove(request, case, link)
    context = {"case": case, "link": link, "last_case": not link.person.case_links.exclude(pk=link.pk).exists(),
               "nav": "cases"}
    return render(request, "cases/person_remove.html", context)


def _remove(request: AuthenticatedRequest, case: Case, link: CasePerson) -> HttpResponse:
    try:
        shredded = remove_person(request.user, link)
    except PersonStillReferenced:
        messages.error(request, _(
            "This person cannot be removed: consents or referrals in this case name them. "
            "Those records belong to the file and would be lost."
        ))
        return redirect("cases:case_detail", case.public_id)
    if shredded:
        messages.success(request, _("The person was removed from the case. No other case named them, so "
                                    "their data was deleted for good."))
    else:
        messages.success(request, _("The person was removed from the case; other cases still name them."))
    return redirect("cases:case_detail", case.public_id)
