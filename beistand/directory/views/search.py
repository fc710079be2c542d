"""The search page: by need, language, distance, features and opening hours."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from beistand.cases import access as case_access
from beistand.cases.choices import CaseStatus
from beistand.directory import access
from beistand.directory.forms.search import SearchForm
from beistand.directory.search import ResultPage, search
from beistand.directory.views.common import page, reader_view
from beistand.directory.views.conversations import answering_conversation
from beistand.lib.http import AuthenticatedRequest
from beistand.network.views.common import error_summary


@reader_view
def search_page(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: ResultPage | None = None
    case = conversation = None
    if form.is_bound and form.is_valid():
        results = search(access.readable_services(request.user), form.criteria(), page=_page_number(request))
        case = referring_case(request, form.cleaned_data.get("case"))
        conversation = answering_conversation(request, form.cleaned_data.get("conversation"))
    context = page(
        request, "search", form=form, results=results, case=case, conversation=conversation,
        errors=error_summary(form) if form.is_bound else [],
        query=_query_without_page(request),
        **{f"{name}_options": form.options(name) for name in ("need", "language", "radius", "features")},
    )
    template = "directory/search.html#results" if request.headers.get("HX-Request") else "directory/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def referring_case(request: AuthenticatedRequest, case_id: Any) -> Any:
    """The case the search was opened from, if the user works on it (else no "refer" links)."""
    if not case_id or not case_access.is_caseworker(request.user):
        return None
    try:
        case_id = uuid.UUID(str(case_id))
    except ValueError:
        return None
    visible = case_access.visible_cases(request.user).filter(public_id=case_id).exclude(status=CaseStatus.CLOSED)
    return visible.only("public_id", "reference").first()


def _page_number(request: AuthenticatedRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _query_without_page(request: AuthenticatedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
