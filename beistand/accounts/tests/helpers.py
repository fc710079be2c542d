"""Small helpers for driving the real sign-in with CSRF checks on."""

from __future__ import annotations

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.http import HttpResponse
from django.test import Client

from beistand.accounts.models import User

LOGIN_URL = "/de/accounts/login/"
MFA_URL = "/de/accounts/2fa/authenticate/"
TOTP_SETUP_URL = "/de/accounts/2fa/totp/activate/"
HOME_URL = "/de/staff/"

SAFETY_SECONDS = 3

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(client: Client, url: str) -> str:
    """The CSRF token of the (first) form on the page at url."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    match = CSRF_INPUT.search(response.content.decode())
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def submit(client: Client, url: str, data: dict, *, form_url: str | None = None) -> HttpResponse:
    """POST data to url with the CSRF token of the form at form_url (default: url itself)."""
    token = csrf_token(client, form_url or url)
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


def totp_secret(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset in 30-second steps).

    allauth accepts only the current step (no tolerance), so a code taken in
    the last moments of a step could be stale when the server checks it; the
    helper waits for the next step instead of letting the test flake.
    """
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < SAFETY_SECONDS:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period + offset))


def wrong_code(secret: str) -> str:
    """A six-digit code that is valid in no step around now."""
    valid = {totp_code(secret, offset=step) for step in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def sign_in_password(client: Client, email: str, password: str) -> HttpResponse:
    return submit(client, LOGIN_URL, {"login": email, "password": password})


def sign_in(client: Client, email: str, password: str, code: str) -> HttpResponse:
    """The whole sign-in: password, then the second-factor code."""
    response = sign_in_password(client, email, password)
    assert response.status_code == 302 and response["Location"] == MFA_URL, response
    return submit(client, MFA_URL, {"code": code})
