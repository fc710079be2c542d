"""Second factor for everybody who works in the staff workspace.

Every staff role sees personal data (case files, referrals, colleagues'
accounts), so a signed-in user without an authenticator app or security key
is sent to set one up. This fails closed: every page answers that way except
the public face (anonymous visitors need no account anyway), the pages that
set up a second factor, and logging out. A new staff area is therefore
protected without being listed here; a new *public* namespace must be added to
PUBLIC_NAMESPACES.
"""

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# Namespaces of pages for the public; staff see them like anybody else.
PUBLIC_NAMESPACES = {"public", "contact_public", "helpfinder_public", "api", "hsds"}

# What a signed-in user without a second factor may still open.
SETUP_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    # Adding an authenticator asks for the password again after a while.
    "account_reauthenticate",
    "account_logout",
    # The load balancer's probe carries no session, but must never be redirected.
    "health",
}

# Recovery codes alone are a fallback, not a second factor.
SECOND_FACTORS = ["totp", "webauthn"]


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
        if not user.is_authenticated or is_open_without_mfa(request.path_info):
            return False
        return not is_mfa_enabled(user, SECOND_FACTORS)


def is_open_without_mfa(path: str) -> bool:
    """Public pages, second-factor setup, logout, and paths that match nothing (404)."""
    try:
        match = resolve(path)
    except Resolver404:
        return True
    if PUBLIC_NAMESPACES.intersection(match.namespaces):
        return True
    return not match.namespaces and match.url_name in SETUP_URL_NAMES
