"""Request types for views behind login, so type checkers know request.user is a User."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from beistand.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
