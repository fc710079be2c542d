"""allauth behaviour for a staff-only installation."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

# allauth asks for the client's address for rate limits and security mails. We
# never keep or send IP addresses (design invariant 5), so it gets a constant:
# throttles are keyed by account instead (ACCOUNT_RATE_LIMITS in settings).
NO_ADDRESS = "0.0.0.0"  # noqa: S104 -- a placeholder, never bound


def site_url(path: str = "") -> str:
    """An absolute URL on this installation, built from settings.SITE_URL, never from the request
    (a forged Host header must not put someone else's domain into a password link)."""
    return settings.SITE_URL.rstrip("/") + path


def password_link(key: str) -> str:
    """The "set your password" URL for allauth's opaque `<uidb36>-<token>` key."""
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return site_url(path.replace("UID-KEY", quote(key)))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are created by administrators only.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        return NO_ADDRESS

    def get_reset_password_from_key_url(self, key: str) -> str:
        return password_link(key)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {"site_url": site_url(), **context})

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _is_fresh_first_setup(context.request):
            return False
        return required


def _is_fresh_first_setup(request: HttpRequest | None) -> bool:
    """A user without any second factor who signed in with their password moments ago.

    allauth asks for the password again before any authenticator is added, even
    right after sign-in; a newcomer sent to the setup page would type it twice.
    Within the reauthentication window (5 minutes) the sign-in itself counts.
    Anything that changes an existing second factor still asks again.
    """
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    if is_mfa_enabled(user, ["totp", "webauthn"]):
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    age = time.time() - records[-1]["at"]
    return age < account_settings.REAUTHENTICATION_TIMEOUT
