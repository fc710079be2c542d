"""Staff sign-in with a second factor, in a real browser, with axe on every page."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from beistand.accounts.models import User
from beistand.accounts.tests.helpers import totp_code, totp_secret, wrong_code
from beistand.conftest import PASSWORD
from tests.browser.pages import LoginPage, assert_accessible, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_counsellor_signs_in_with_password_and_authenticator_code(page, live_server, alice):
    # Given Alice opens the login page
    login = LoginPage(page, live_server.url).open()
    assert_accessible(page)
    # When she enters her password
    login.sign_in(alice.email, PASSWORD)
    # Then she is asked for her second factor, on an accessible page
    expect(page.locator("input[name=code]")).to_be_visible()
    assert_accessible(page)
    # When she enters the current code of her authenticator app
    login.enter_code(totp_code(totp_secret(alice)))
    # Then she sees her workspace with her role in BackUp
    expect(page.locator("main h1")).to_contain_text("Alice")
    expect(page.locator("main")).to_contain_text("BackUp")
    assert_accessible(page)


def test_wrong_code_keeps_the_door_closed(page, live_server, alice):
    login = LoginPage(page, live_server.url).open()
    login.sign_in(alice.email, PASSWORD)
    login.enter_code(wrong_code(totp_secret(alice)))
    expect(page.locator("input[name=code]")).to_be_visible()
    assert_accessible(page)
    # and the workspace stays closed: the browser is sent back to the sign-in steps
    page.goto(f"{live_server.url}/de/staff/")
    assert "/accounts/" in page.url
    expect(page.locator("nav.workspace-nav")).to_have_count(0)


def test_admin_signs_in_with_a_recovery_code_without_javascript(page_without_js, live_server, ada):
    # Given Ada has recovery codes and a browser without JavaScript
    codes = RecoveryCodes.activate(ada).get_unused_codes()
    login = LoginPage(page_without_js, live_server.url).open()
    # When she signs in with one of them
    login.sign_in(ada.email, PASSWORD)
    login.enter_code(codes[0])
    # Then she reaches the workspace and sees the account administration
    expect(page_without_js.locator("main h1")).to_contain_text("Ada")
    expect(page_without_js.locator("nav.workspace-nav a[href='/de/staff/accounts/']")).to_be_visible()


def test_account_without_second_factor_must_set_one_up(page, live_server, backup):
    # Given a new colleague whose account has no authenticator yet
    from beistand.accounts.models import Membership, Role

    user = User.objects.create_user("neu@backup.example", PASSWORD, display_name="Neu")
    Membership.objects.create(user=user, role=Role.COUNSELLOR, centre=backup)
    login = LoginPage(page, live_server.url).open()
    # When they sign in with their password
    login.sign_in(user.email, PASSWORD)
    # Then the workspace sends them to set up an authenticator, on an accessible page
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/totp/activate/")
    expect(page.locator("main img, main svg").first).to_be_visible()
    assert_accessible(page)
