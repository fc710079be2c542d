"""allauth's pages render inside the workspace shell, accessibly and without inline code."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from beistand.accounts import actions
from beistand.accounts.models import User
from beistand.accounts.tests.helpers import LOGIN_URL, MFA_URL, sign_in_password, submit
from beistand.accounts.tests.html_checks import check_page
from beistand.conftest import PASSWORD


def url(name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        return reverse(name, kwargs=kwargs or None)


ANONYMOUS_PAGES = [
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_inactive",
]
# Pages of one's own security settings. Some ask for the password again first
# (allauth's reauthentication); that page must sit in the shell as well.
SIGNED_IN_PAGES = [
    "mfa_index",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_pages_before_sign_in(client, db, name):
    response = client.get(url(name), follow=True)
    assert response.status_code == 200
    check_page(response.content.decode())


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_own_security_pages(client_for, alice, name):
    RecoveryCodes.activate(alice)
    client = client_for(alice)
    reauthenticate = url("account_reauthenticate")
    check_page(client.get(reauthenticate).content.decode())
    submit(client, reauthenticate, {"password": PASSWORD})

    response = client.get(url(name))

    assert response.status_code == 200
    check_page(response.content.decode())
    assert "Alice" in response.content.decode()  # the signed-in shell, with the logout form


def test_password_link_with_a_bad_key_explains_itself(client, db):
    response = client.get(url("account_reset_password_from_key", uidb36="1", key="bad-key"))
    assert response.status_code == 200
    check_page(response.content.decode())
    assert response.context["token_fail"]


def test_second_factor_page_during_sign_in(alice):
    browser = Client(enforce_csrf_checks=True)
    sign_in_password(browser, alice.email, PASSWORD)
    check_page(browser.get(MFA_URL).content.decode())


def test_totp_setup_page_shows_qr_code_and_secret(alice, backup):
    newcomer = User.objects.create_user("nia@backup.example", PASSWORD, display_name="Nia")
    browser = Client(enforce_csrf_checks=True)
    sign_in_password(browser, newcomer.email, PASSWORD)
    response = browser.get(url("mfa_activate_totp"))
    content = response.content.decode()
    check_page(content)
    assert '<img class="qr-code" src="data:image/svg+xml;base64,' in content
    assert f'value="{response.context["form"].secret}"' in content


def test_login_errors_are_tied_to_the_form(db):
    browser = Client(enforce_csrf_checks=True)
    response = submit(browser, LOGIN_URL, {"login": "not an address", "password": ""})
    content = response.content.decode()
    page = check_page(content)
    assert 'class="error-summary" role="alert"' in content
    invalid = [control for control in page.controls if control.get("aria-invalid") == "true"]
    assert {control["name"] for control in invalid} == {"login", "password"}
    assert all(f'{control["id"]}_error' in control["aria-describedby"] for control in invalid)


def test_the_set_password_page_of_a_new_account(ada):
    newcomer = User.objects.create_user("nia@backup.example", None, display_name="Nia")
    mail.outbox.clear()
    actions.send_password_link(ada, newcomer)
    link = re.search(r"http://127\.0\.0\.1:8000(\S+)", mail.outbox[0].body).group(1)

    response = Client(enforce_csrf_checks=True).get(link, follow=True)

    assert response.status_code == 200
    page = check_page(response.content.decode())
    assert {"password1", "password2"} <= {control.get("name") for control in page.controls}


def test_too_many_password_links_get_a_page_in_the_shell(alice):
    browser = Client(enforce_csrf_checks=True)
    for _attempt in range(3):
        assert submit(browser, url("account_reset_password"), {"email": alice.email}).status_code == 302

    response = submit(browser, url("account_reset_password"), {"email": alice.email})

    assert response.status_code == 429
    check_page(response.content.decode())
    assert len(mail.outbox) == 3


def test_password_reset_mail_links_to_the_configured_site_and_names_nobody(alice):
    browser = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    submit(browser, url("account_reset_password"), {"email": alice.email})

    body = mail.outbox[0].body
    assert "http://127.0.0.1:8000/de/accounts/password/reset/key/" in body
    assert "localhost" not in body
    assert alice.display_name not in body and "BackUp" not in body
