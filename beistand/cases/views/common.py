"""What every case-work view shares: the case lookup with its checks, and stale-edit handling."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beistand.cases import access
from beistand.cases.models import Case
from beistand.cases.templatetags.cases import remember_caseworker
from beistand.lib.http import AuthenticatedRequest
from beistand.network.views.common import error_summary

__all__ = ["case_view", "caseworker_view", "error_summary", "refuse_if_closed"]

CaseView = Callable[..., HttpResponse]


def caseworker_view(view: CaseView) -> CaseView:
    """Signed in and a counsellor or lead somewhere; everybody else gets the 404 of a missing page."""

    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_caseworker(request.user):
            raise Http404("no case work here")
        remember_caseworker(request)  # the layout need not ask again
        return view(request, *args, **kwargs)

    return wrapped


def case_view(view: CaseView) -> CaseView:
    """Looks up `case_id` through the access layer and hands the case to the view.

    High-protection cases first ask for the reason of the opening.
    """

    @caseworker_view
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, case_id: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        case = access.get_case(request.user, case_id)
        if access.needs_reason(request.user, case):
            target = reverse("cases:open_protected", args=[case.public_id])
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return view(request, case, *args, **kwargs)

    return wrapped


def refuse_if_closed(request: AuthenticatedRequest, case: Case) -> HttpResponse | None:
    """A closed case is not edited: say so and go back to it (None: go on)."""
    if not case.is_closed:
        return None
    messages.error(request, _("This case is closed and can no longer be changed."))
    return redirect("cases:case_detail", case.public_id)
