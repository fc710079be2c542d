"""The code lists of incidents: read by case workers and coordinators, maintained per network.

These pages show classifications, never case data. Who may do what is
decided in cases/codes.py; anything outside it is the 404 of a missing page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from beistand.cases import codes
from beistand.cases.forms.codelists import (
    CodeFormSet,
    MappingForm,
    NewVersionForm,
    RevisionForm,
    with_current_revision,
)
from beistand.cases.models import CodeList, CodeMapping, StaleEdit
from beistand.cases.views.common import error_summary
from beistand.lib.http import AuthenticatedRequest

View = Callable[..., HttpResponse]
# Code lists are network configuration: the pages sit under "Network" beside centres and networks.
PAGE = {"nav": "network", "section": "codelists"}
STALE_MESSAGE = gettext_lazy(
    "Someone else saved this code list while you were editing it. Your entries are shown below and were not "
    "saved. Check them against the current list, then save again to replace it with your entries."
)


def list_reader(view: View) -> View:
    """Signed in and allowed to read some code list; everybody else gets the 404 of a missing page."""

    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not codes.can_read_lists(request.user):
            raise Http404("no code lists here")
        return view(request, *args, **kwargs)

    return wrapped


@list_reader
def codelist_list(request: AuthenticatedRequest) -> HttpResponse:
    lists = (
        codes.readable_lists(request.user)
        .select_related("network")
        .annotate(code_count=Count("codes"))
        .order_by("network__name", "scheme", "-version")
    )
    groups: dict[str, list[CodeList]] = {}
    for code_list in lists:
        name = code_list.network.name if code_list.network else _("Installation defaults")
        groups.setdefault(name, []).append(code_list)
    context = {"groups": groups, **PAGE}
    return render(request, "cases/records/codelist_list.html", context)


@list_reader
def codelist_detail(request: AuthenticatedRequest, list_id: Any) -> HttpResponse:
    code_list = codes.get_list_for_read(request.user, list_id)
    mappings = (
        CodeMapping.objects.filter(target__code_list=code_list)
        .select_related("source__code_list", "target")
        .order_by("source__code_list__version", "source__position")
    )
    context = {
        "code_list": code_list,
        "codes": code_list.codes.select_related("parent").order_by("position", "code"),
        "mappings": mappings,
        "can_edit": codes.can_edit(request.user, code_list),
        "can_copy": bool(codes.version_targets(request.user, code_list)),
        **PAGE,
    }
    return render(request, "cases/records/codelist_detail.html", context)


@list_reader
def codelist_edit(request: AuthenticatedRequest, list_id: Any) -> HttpResponse:
    code_list = codes.get_list_for_edit(request.user, list_id)
    data = request.POST if request.method == "POST" else None
    revision = RevisionForm(data, code_list=code_list)
    formset = CodeFormSet(data, code_list=code_list)
    mappings = MappingForm(data, code_list=code_list) if code_list.previous_id else None
    parts: list[Any] = [revision, formset] if mappings is None else [revision, formset, mappings]
    if data is not None and all([part.is_valid() for part in parts]):
        changed = ["codes"] if formset.has_changed() else []
        try:
            codes.save_codes(request.user, code_list, changed, formset, mappings, revision.expected())
        except StaleEdit:
            revision = _stale_revision(data, code_list)
        else:
            messages.success(request, _("The code list was saved."))
            return redirect("cases:codelist_detail", code_list.public_id)
    context = {
        "code_list": code_list,
        "revision": revision,
        "formset": formset,
        "mappings": mappings,
        "errors": _errors(revision, formset, mappings) if data is not None else [],
        **PAGE,
    }
    return render(request, "cases/records/codelist_edit.html", context)


def _stale_revision(data: Any, code_list: CodeList) -> RevisionForm:
    """The list's current revision, to save the user's entries over it deliberately, and why."""
    revision = RevisionForm(with_current_revision(data, code_list), code_list=code_list)
    revision.is_valid()
    revision.add_error(None, STALE_MESSAGE)
    return revision


def _errors(revision: RevisionForm, formset: Any, mappings: MappingForm | None) -> list[dict[str, Any]]:
    return error_summary(revision, formset) + (error_summary(mappings) if mappings is not None else [])


@list_reader
def codelist_new_version(request: AuthenticatedRequest, list_id: Any) -> HttpResponse:
    source = codes.get_list_for_read(request.user, list_id)
    if not codes.version_targets(request.user, source):
        raise Http404("no such code list")
    form = NewVersionForm(request.POST if request.method == "POST" else None, user=request.user, source=source)
    if form.is_bound and form.is_valid():
        copy = codes.new_version(request.user, source, form.chosen())
        messages.success(
            request, _("Version %(version)s was created. Change its codes and check the mappings.")
            % {"version": copy.version},
        )
        return redirect("cases:codelist_edit", copy.public_id)
    context = {"source": source, "form": form, "errors": error_summary(form), **PAGE}
    return render(request, "cases/records/codelist_new_version.html", context)
