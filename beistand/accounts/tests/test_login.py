"""The real sign-in: password, second factor, throttling, idle timeout, closed signup."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from beistand.accounts.adapter import AccountAdapter
from beistand.accounts.models import Role, User
from beistand.accounts.tests.helpers import (
    CSRF_INPUT,
    HOME_URL,
    LOGIN_URL,
    MFA_URL,
    TOTP_SETUP_URL,
    sign_in,
    sign_in_password,
    submit,
    totp_code,
    totp_secret,
    wrong_code,
)
from beistand.conftest import PASSWORD


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def german(text) -> str:  # type: ignore[no-untyped-def]
    """How a (lazy) message reads on the /de/ pages the tests visit."""
    with translation.override("de"):
        return str(text)


def is_signed_in(client: Client) -> bool:
    return client.get(HOME_URL).status_code == 200


def test_password_then_totp_opens_the_workspace_with_the_own_roles(browser, lena):
    response = sign_in(browser, lena.email, PASSWORD, totp_code(totp_secret(lena)))

    assert response.status_code == 302
    assert response["Location"] == HOME_URL
    home = browser.get(HOME_URL).content.decode()
    assert "Lena" in home
    assert "BackUp" in home
    assert german(Role.LEAD.label) in home


def test_password_alone_does_not_sign_in(browser, alice):
    response = sign_in_password(browser, alice.email, PASSWORD)

    assert response["Location"] == MFA_URL
    assert not is_signed_in(browser)


def test_wrong_totp_is_refused_and_leaves_the_user_signed_out(browser, alice):
    sign_in_password(browser, alice.email, PASSWORD)
    response = submit(browser, MFA_URL, {"code": wrong_code(totp_secret(alice))})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'class="error-summary" role="alert"' in page
    assert not is_signed_in(browser)


def test_a_recovery_code_works_once(browser, alice):
    code = RecoveryCodes.activate(alice).get_unused_codes()[0]

    first = sign_in(browser, alice.email, PASSWORD, code)
    assert first["Location"] == HOME_URL
    assert is_signed_in(browser)

    second_browser = Client(enforce_csrf_checks=True)
    sign_in_password(second_browser, alice.email, PASSWORD)
    second = submit(second_browser, MFA_URL, {"code": code})
    assert second.status_code == 200
    assert not is_signed_in(second_browser)


def test_account_without_second_factor_is_sent_to_the_setup(browser, backup):
    newcomer = User.objects.create_user("new@backup.example", PASSWORD, display_name="Nia")

    response = sign_in_password(browser, newcomer.email, PASSWORD)
    assert response["Location"] == HOME_URL  # no second factor yet: signed in...
    home = browser.get(HOME_URL)
    assert home.status_code == 302
    assert home["Location"] == TOTP_SETUP_URL  # ...but the workspace is closed
    setup = browser.get(TOTP_SETUP_URL).content.decode()
    assert 'src="data:image/svg+xml;base64,' in setup
    assert 'id="authenticator_secret"' in setup


def test_totp_setup_completes_and_opens_the_workspace(browser, backup):
    newcomer = User.objects.create_user("new@backup.example", PASSWORD, display_name="Nia")
    sign_in_password(browser, newcomer.email, PASSWORD)
    setup = browser.get(TOTP_SETUP_URL)
    secret = setup.context["form"].secret  # a new one on every GET, so post from this page
    token = CSRF_INPUT.search(setup.content.decode()).group(1)

    response = browser.post(TOTP_SETUP_URL, {"code": totp_code(secret), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert is_signed_in(browser)
    assert totp_secret(newcomer) == secret


def test_deactivated_account_cannot_sign_in(browser, alice):
    alice.is_active = False
    alice.save()

    response = sign_in_password(browser, alice.email, PASSWORD)

    assert response.status_code in (200, 302)
    assert response.get("Location") != MFA_URL
    assert not is_signed_in(browser)


def test_deactivation_ends_an_open_session(client_for, alice):
    client = client_for(alice)
    assert is_signed_in(client)

    User.objects.filter(pk=alice.pk).update(is_active=False)

    assert not is_signed_in(client)


@pytest.mark.parametrize("path", ["/de/accounts/signup/", "/de/accounts/email/"])
def test_signup_and_own_address_management_are_closed(browser, db, path):
    assert browser.get(path).status_code == 404
    assert browser.post(path, {"email": "x@example.org", "password1": "x" * 20}).status_code in (403, 404)
    assert not User.objects.exists()


def test_login_page_offers_no_signup(browser, db):
    page = browser.get(LOGIN_URL).content.decode()
    assert "/accounts/signup/" not in page


# --- Throttling -----------------------------------------------------------------------------

def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(browser, alice):
    for _attempt in range(5):
        failed = sign_in_password(browser, alice.email, "wrong password")
        assert failed.status_code == 200

    refused = sign_in_password(browser, alice.email, PASSWORD)

    assert refused.status_code == 200
    too_many = AccountAdapter.error_messages["too_many_login_attempts"]
    assert html.escape(german(too_many)) in refused.content.decode()
    assert not is_signed_in(browser)


def test_throttle_is_per_account(browser, alice, bob):
    for _attempt in range(5):
        sign_in_password(browser, alice.email, "wrong password")

    response = sign_in_password(browser, bob.email, PASSWORD)

    assert response["Location"] == MFA_URL


def test_throttle_keeps_no_ip_address(browser, alice):
    for _attempt in range(6):
        sign_in_password(browser, alice.email, "wrong password")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM beistand_cache")
        rows = cursor.fetchall()

    assert rows, "the throttle should have written to the shared cache"
    stored = " ".join(f"{key} {value}" for key, value in rows)
    assert "127.0.0.1" not in stored
    assert alice.email not in stored


# --- Idle timeout ---------------------------------------------------------------------------

def _session_of(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies["beistand_session"].value)


def test_every_request_extends_the_idle_deadline(client_for, alice, settings):
    client = client_for(alice)
    client.get(HOME_URL)
    nearly_idle = timezone.now() + timedelta(seconds=30)
    Session.objects.filter(pk=_session_of(client).pk).update(expire_date=nearly_idle)

    assert is_signed_in(client)

    deadline = _session_of(client).expire_date
    assert deadline > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_expires(client_for, alice):
    client = client_for(alice)
    client.get(HOME_URL)
    expired = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(pk=_session_of(client).pk).update(expire_date=expired)

    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
