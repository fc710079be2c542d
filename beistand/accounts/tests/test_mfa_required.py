"""Without a second factor, a signed-in account reaches only the setup pages and logout."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client, override_settings

from beistand.accounts.models import Membership, Role, User
from beistand.accounts.tests.helpers import HOME_URL, TOTP_SETUP_URL, sign_in_password, submit
from beistand.conftest import PASSWORD

CLOSED = [
    "/de/staff/",
    "/de/staff/network/",
    "/de/staff/accounts/",
    "/de/staff/accounts/new/",
    "/de/accounts/password/change/",
    "/de/accounts/2fa/recovery-codes/",
    "/de/accounts/2fa/recovery-codes/generate/",
]
OPEN = [
    "/de/accounts/2fa/",
    "/de/accounts/2fa/totp/activate/",
    "/de/accounts/2fa/webauthn/add/",
    "/de/accounts/logout/",
    "/de/accounts/reauthenticate/",
    "/de/",  # the public face
]


@pytest.fixture
def newcomer(backup) -> User:
    """A counsellor-admin who has a password but no second factor yet."""
    user = User.objects.create_user("nia@backup.example", PASSWORD, display_name="Nia", is_admin=True)
    Membership.objects.create(user=user, role=Role.COUNSELLOR, centre=backup)
    return user


@pytest.fixture
def browser(newcomer) -> Client:
    client = Client(enforce_csrf_checks=True)
    sign_in_password(client, newcomer.email, PASSWORD)
    return client


@pytest.mark.parametrize("path", CLOSED)
def test_everything_else_redirects_to_the_setup(browser, path):
    response = browser.get(path)
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP_URL


@pytest.mark.parametrize("path", CLOSED)
def test_posts_are_refused_too(browser, path):
    response = browser.post(path, {})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == TOTP_SETUP_URL


@pytest.mark.parametrize("path", OPEN)
def test_setup_pages_and_logout_stay_open(browser, path):
    assert browser.get(path).status_code == 200


def test_logout_works_without_second_factor(browser):
    response = submit(browser, "/de/accounts/logout/", {})
    assert response.status_code == 302
    assert browser.get(HOME_URL)["Location"].startswith("/de/accounts/login/")


@override_settings(ROOT_URLCONF="beistand.accounts.tests.urls_with_new_area")
def test_a_new_staff_area_is_closed_without_being_listed(browser):
    response = browser.get("/de/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP_URL


@override_settings(ROOT_URLCONF="beistand.accounts.tests.urls_with_new_area")
def test_the_new_area_opens_with_a_second_factor(client_for, alice):
    assert client_for(alice).get("/de/staff/cases/").status_code == 200


def test_removing_the_last_second_factor_closes_the_workspace_again(client_for, alice):
    client = client_for(alice)
    assert client.get(HOME_URL).status_code == 200

    alice.authenticator_set.all().delete()

    assert client.get(HOME_URL)["Location"] == TOTP_SETUP_URL


def test_recovery_codes_alone_are_not_a_second_factor(client_for, alice):
    client = client_for(alice)
    RecoveryCodes.activate(alice)
    alice.authenticator_set.exclude(type="recovery_codes").delete()

    assert client.get(HOME_URL)["Location"] == TOTP_SETUP_URL
