"""Sign-in, sign-out, second factor and password events: the account, never what was typed."""

from __future__ import annotations

import re

import pytest
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client

from beistand.accounts import actions
from beistand.accounts.models import User
from beistand.accounts.tests.helpers import (
    CSRF_INPUT,
    MFA_URL,
    TOTP_SETUP_URL,
    sign_in,
    sign_in_password,
    submit,
    totp_code,
    totp_secret,
    wrong_code,
)
from beistand.audit.models import Action, AuditEvent, Category
from beistand.audit.tests.helpers import audit_rows_text
from beistand.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def events() -> list[tuple[str, str, str]]:
    """(action, actor role, object id) of every event, oldest first."""
    rows = AuditEvent.objects.order_by("occurred_at", "id")
    return [(e.action, e.actor_role, e.object_id) for e in rows]


def test_sign_in_with_password_and_code(browser, alice):
    sign_in(browser, alice.email, PASSWORD, totp_code(totp_secret(alice)))
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_role) == (Action.LOGIN, alice.public_id, "counsellor")
    assert event.object_id == str(alice.public_id)
    assert event.category == Category.TECHNICAL


def test_wrong_password_names_the_account_but_keeps_nothing_typed(browser, alice):
    sign_in_password(browser, alice.email, "Kolibri-wrong-password")
    event = AuditEvent.objects.get()
    assert event.action == Action.LOGIN_FAILED
    assert event.actor_id is None and event.actor_role == "anonymous"
    assert (event.object_type, event.object_id) == ("accounts.user", str(alice.public_id))
    assert event.fields == ["password"]
    text = audit_rows_text()
    assert "Kolibri" not in text and alice.email not in text


def test_unknown_address_leaves_an_event_without_object(browser, alice):
    sign_in_password(browser, "Kolibri@nowhere.example", PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (Action.LOGIN_FAILED, "", "")
    assert "kolibri" not in audit_rows_text().lower()


def test_wrong_second_factor_code(browser, alice):
    sign_in_password(browser, alice.email, PASSWORD)
    code = wrong_code(totp_secret(alice))
    submit(browser, MFA_URL, {"code": code})
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.fields) == (
        Action.LOGIN_FAILED, str(alice.public_id), ["totp"]
    )
    assert code not in audit_rows_text()


def test_a_recovery_code_is_recorded_before_the_sign_in(browser, alice):
    code = RecoveryCodes.activate(alice).get_unused_codes()[0]
    sign_in(browser, alice.email, PASSWORD, code)
    assert events() == [
        (Action.RECOVERY_CODE_USED, "counsellor", str(alice.public_id)),
        (Action.LOGIN, "counsellor", str(alice.public_id)),
    ]
    assert code not in audit_rows_text()


def test_sign_out(client_for, alice):
    client = client_for(alice)  # force_login: no sign-in event (tests sign in that way everywhere)
    submit(client, "/de/accounts/logout/", {}, form_url="/de/staff/")
    assert events() == [(Action.LOGOUT, "counsellor", str(alice.public_id))]


def test_password_change(client_for, alice):
    client = client_for(alice)
    new = "another long passphrase 42"
    response = submit(client, "/de/accounts/password/change/",
                      {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert response.status_code == 302
    assert (Action.PASSWORD_CHANGED, "counsellor", str(alice.public_id)) in events()
    assert new not in audit_rows_text()


def test_password_reset_through_the_mailed_link(ada, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    actions.send_password_link(ada, alice)
    link = re.search(r"http://127\.0\.0\.1:8000(\S+)", mail.outbox[0].body).group(1)
    browser = Client(enforce_csrf_checks=True)
    set_url = browser.get(link, follow=True).redirect_chain[-1][0]
    new = "a long new passphrase for alice"
    assert submit(browser, set_url, {"password1": new, "password2": new}).status_code == 302
    assert events() == [
        (Action.PASSWORD_LINK, "admin", str(alice.public_id)),
        (Action.PASSWORD_RESET, "anonymous", str(alice.public_id)),
    ]
    assert new not in audit_rows_text()


def test_setting_up_an_authenticator_app(browser, backup, django_capture_on_commit_callbacks):
    newcomer = User.objects.create_user("nia@backup.example", PASSWORD, display_name="Nia")
    sign_in_password(browser, newcomer.email, PASSWORD)
    setup = browser.get(TOTP_SETUP_URL)
    secret = setup.context["form"].secret
    token = CSRF_INPUT.search(setup.content.decode()).group(1)
    # allauth announces the new authenticators once its transaction has committed.
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(TOTP_SETUP_URL, {"code": totp_code(secret), "csrfmiddlewaretoken": token})
    added = AuditEvent.objects.filter(action=Action.MFA_ADDED)
    assert sorted(e.fields[0] for e in added) == ["recovery_codes", "totp"]
    assert {e.object_id for e in added} == {str(newcomer.public_id)}
    assert secret not in audit_rows_text()


@pytest.mark.parametrize(
    ("signal", "action"),
    [(mfa_signals.authenticator_removed, Action.MFA_REMOVED),
     (mfa_signals.authenticator_reset, Action.MFA_RESET)],
)
def test_second_factor_removed_or_renewed(alice, signal, action):
    authenticator = Authenticator.objects.get(user=alice)
    signal.send(sender=Authenticator, request=None, user=alice, authenticator=authenticator)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.fields) == (action, str(alice.public_id), ["totp"])
