"""What every directory page shares: the reader check and the page context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_http_methods

from beistand.directory import access
from beistand.lib.http import AuthenticatedRequest

View = Callable[..., HttpResponseBase]


def reader_view(view: View) -> View:
    """Signed in and holding a directory scope (see access.py); everybody else gets the 404 of a missing page."""

    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require_reader(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def editor_view(view: View) -> View:
    """Signed in and allowed to change some entries (admin, coordinator, centre lead)."""

    @reader_view
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require_editor(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def page(request: AuthenticatedRequest, section: str, **context: Any) -> dict[str, Any]:
    """The context of a directory page: the sub-navigation and what the user may do."""
    scope = access.scope_of(request.user)
    return {"nav": "directory", "section": section, "can_edit_directory": scope.edits, **context}
