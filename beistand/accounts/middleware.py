"""Second factor for everybody who works in the staff workspace.

Every staff role sees personal data (case files, referrals, colleagues'
accounts), so every signed-in user must have an authenticator before any
workspace page answers. Until then the only pages that open are the ones to
set one up, and logging out.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from allauth.mfa.utils import is_mfa_enabled

# URL namespaces that make up the staff workspace.
PROTECTED_NAMESPACES = {"workspace", "network", "staff_accounts"}


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_mfa_setup(request):
            messages.warning(
                request,
                _("Please set up a second factor (authenticator app or security key) to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _needs_mfa_setup(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or not _is_protected(request.path_info):
            return False
        return not is_mfa_enabled(user, ["totp", "webauthn"])


def _is_protected(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return bool(PROTECTED_NAMESPACES.intersection(match.namespaces))
