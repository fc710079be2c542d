"""Account administration: admins create, edit, assign roles, deactivate, reset second factors.
Everybody else gets the same 404 as for a page that does not exist."""

from __future__ import annotations

import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from beistand.accounts.models import Membership, Role, User
from beistand.accounts.tests.helpers import (
    HOME_URL,
    LOGIN_URL,
    TOTP_SETUP_URL,
    csrf_token,
    sign_in_password,
    submit,
)
from beistand.accounts.views import STALE_MESSAGE
from beistand.conftest import PASSWORD

BASE = "/de/staff/accounts/"


def account_urls(account: User, membership: Membership) -> list[str]:
    base = f"{BASE}{account.public_id}/"
    return [
        BASE,
        f"{BASE}new/",
        base,
        f"{base}edit/",
        f"{base}roles/add/",
        f"{base}roles/{membership.public_id}/remove/",
        f"{base}deactivate/",
        f"{base}activate/",
        f"{base}second-factor/reset/",
        f"{base}password-link/",
    ]


@pytest.fixture
def admin(client_for, ada) -> Client:
    return client_for(ada)


def detail_url(account: User) -> str:
    return f"{BASE}{account.public_id}/"


# --- Who may enter ---------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["alice", "lena", "kai", "paul"])
def test_every_other_role_gets_404_on_every_url(request, client_for, bob, persona):
    client = client_for(request.getfixturevalue(persona))
    token = csrf_token(client, HOME_URL)
    membership = bob.memberships.get()
    for url in account_urls(bob, membership):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 404, url
    bob.refresh_from_db()
    assert bob.is_active and bob.memberships.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, bob):
    for url in account_urls(bob, bob.memberships.get()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(LOGIN_URL)


def test_unknown_account_is_404_for_admins(admin):
    assert admin.get(f"{BASE}{uuid.uuid4()}/").status_code == 404


def test_workspace_navigation_shows_accounts_only_to_admins(client_for, ada, alice):
    assert BASE in client_for(ada).get(HOME_URL).content.decode()
    assert BASE not in client_for(alice).get(HOME_URL).content.decode()


# --- List -------------------------------------------------------------------------------------

def test_list_shows_roles_status_and_second_factor(admin, alice, paul, lena):
    newcomer = User.objects.create_user("nia@backup.example", None, display_name="Nia")
    User.objects.filter(pk=paul.pk).update(is_active=False)

    page = admin.get(BASE).content.decode()

    assert "alice@backup.example" in page and "Polizeipräsidium Dortmund" in page
    row = re.search(rf"{newcomer.email}.*?</tr>", page, re.S).group(0)
    assert "missing" in row or "fehlt" in row
    paul_row = re.search(rf"{paul.email}.*?</tr>", page, re.S).group(0)
    assert "deactivated" in paul_row or "deaktiviert" in paul_row


def test_list_needs_the_same_queries_for_many_accounts(admin, alice, backup):
    with CaptureQueriesContext(connection) as few:
        admin.get(BASE)
    for number in range(20):
        user = User.objects.create_user(f"user{number}@backup.example", None, display_name="U")
        Membership.objects.create(user=user, role=Role.COUNSELLOR, centre=backup)
    with CaptureQueriesContext(connection) as many:
        admin.get(BASE)

    assert len(many) == len(few) <= 10


# --- Create -----------------------------------------------------------------------------------

def test_create_sends_a_set_password_mail_without_other_personal_data(admin, ada, backup):
    response = submit(admin, f"{BASE}new/", {"display_name": "Nia", "email": "Nia@Backup.example"})

    nia = User.objects.get(email="nia@backup.example")
    assert response.status_code == 302
    assert response["Location"] == detail_url(nia)
    assert not nia.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia@backup.example"]
    assert "Nia" in message.body
    assert "http://127.0.0.1:8000/de/accounts/password/reset/key/" in message.body
    for other in (ada.display_name, ada.email, backup.name):
        assert other not in message.body and other not in message.subject


# settings.ACCOUNT_RATE_LIMITS has "reset_password_from_key": "20/h/key", but allauth
# limits that action per IP only and gives no key: the POST raises ImproperlyConfigured.
def test_the_mailed_link_sets_the_password_and_leads_to_the_second_factor(admin, db):
    submit(admin, f"{BASE}new/", {"display_name": "Nia", "email": "nia@backup.example"})
    link = re.search(r"http://127\.0\.0\.1:8000(\S+)", mail.outbox[0].body).group(1)
    newcomer = Client(enforce_csrf_checks=True)

    form_page = newcomer.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a long new passphrase for nia"
    done = submit(newcomer, set_url, {"password1": new_password, "password2": new_password})

    assert done.status_code == 302
    assert User.objects.get(email="nia@backup.example").check_password(new_password)
    sign_in_password(newcomer, "nia@backup.example", new_password)
    assert newcomer.get(HOME_URL)["Location"] == TOTP_SETUP_URL


def test_create_refuses_a_taken_address_and_keeps_the_input(admin, alice):
    response = submit(admin, f"{BASE}new/", {"display_name": "Twin", "email": "ALICE@backup.example"})

    assert response.status_code == 200
    assert User.objects.filter(email__iexact=alice.email).count() == 1
    content = response.content.decode()
    assert 'value="Twin"' in content
    assert 'aria-invalid="true"' in content
    assert not mail.outbox


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")


def test_unreachable_mail_server_keeps_the_account_and_says_so(admin, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"

    response = submit(admin, f"{BASE}new/", {"display_name": "Nia", "email": "nia@backup.example"})

    assert response.status_code == 302
    assert User.objects.filter(email="nia@backup.example").exists()
    page = admin.get(response["Location"]).content.decode()
    assert "message-error" in page


def test_password_link_can_be_sent_again(admin, alice):
    response = submit(admin, f"{detail_url(alice)}password-link/", {}, form_url=detail_url(alice))
    assert response.status_code == 302
    assert mail.outbox[0].to == [alice.email]


# --- Edit -------------------------------------------------------------------------------------

def test_edit_changes_name_and_address(admin, alice):
    data = {"display_name": "Alice B.", "email": "alice.b@backup.example", "is_active": "on"}
    response = submit(admin, f"{detail_url(alice)}edit/", data)

    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.email, alice.is_active, alice.is_admin) == (
        "Alice B.", "alice.b@backup.example", True, False,
    )


def test_an_account_saved_from_a_stale_page_is_refused_with_the_input_kept(admin, alice):
    url = f"{detail_url(alice)}edit/"
    loaded = admin.get(url).context["form"]["version"].value()
    first = {"display_name": "Alice B.", "email": alice.email, "is_active": "on", "version": loaded}
    late = {"display_name": alice.display_name, "email": "alice.neu@backup.example", "is_active": "on", "version": loaded}
    assert submit(admin, url, first).status_code == 302

    refused = submit(admin, url, late)
    assert refused.status_code == 200
    with translation.override("de"):  # the admin's pages are German
        assert str(STALE_MESSAGE) in refused.text
    assert 'value="alice.neu@backup.example"' in refused.text
    alice.refresh_from_db()
    assert (alice.display_name, alice.email) == ("Alice B.", "alice@backup.example")  # the first save stands

    late["version"] = refused.context["form"]["version"].value()
    assert submit(admin, url, late).status_code == 302


def test_admin_cannot_remove_their_own_admin_role(admin, ada):
    data = {"display_name": "Ada", "email": ada.email, "is_active": "on"}
    response = submit(admin, f"{detail_url(ada)}edit/", data)

    assert response.status_code == 200
    assert "own administrator role" in response.content.decode() or 'aria-invalid="true"' in (
        response.content.decode()
    )
    ada.refresh_from_db()
    assert ada.is_admin


def test_admin_cannot_deactivate_themselves(admin, ada):
    edit = submit(admin, f"{detail_url(ada)}edit/", {"display_name": "Ada", "email": ada.email, "is_admin": "on"})
    assert edit.status_code == 200
    deactivate = submit(admin, f"{detail_url(ada)}deactivate/", {})
    assert deactivate.status_code == 302
    assert "message-error" in admin.get(deactivate["Location"]).content.decode()
    ada.refresh_from_db()
    assert ada.is_active


def test_admin_can_make_someone_else_admin(admin, kai):
    data = {"display_name": "Kai", "email": kai.email, "is_active": "on", "is_admin": "on"}
    submit(admin, f"{detail_url(kai)}edit/", data)
    kai.refresh_from_db()
    assert kai.is_admin


# --- Memberships ------------------------------------------------------------------------------

def add_role(admin: Client, account: User, **data: str):  # type: ignore[no-untyped-def]
    return submit(admin, f"{detail_url(account)}roles/add/", data)


def test_add_a_centre_role(admin, bob, rheinland):
    response = add_role(admin, bob, role=Role.LEAD, centre=rheinland.slug)
    assert response.status_code == 302
    assert bob.memberships.filter(role=Role.LEAD, centre=rheinland).exists()


def test_add_a_referrer_role(admin, ada, police, backup):
    nia = User.objects.create_user("nia@polizei.example", None, display_name="Nia")
    add_role(admin, nia, role=Role.REFERRER, organisation=police.slug)
    assert nia.memberships.filter(role=Role.REFERRER, organisation=police).exists()


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.REFERRER, "centre"),
        (Role.COUNSELLOR, "organisation"),
        (Role.COORDINATOR, "both"),
        (Role.LEAD, "none"),
        (Role.REFERRER, "none"),
    ],
)
def test_mismatched_role_and_scope_is_a_form_error(admin, bob, backup, police, role, scope):
    data = {"role": role}
    if scope in ("centre", "both"):
        data["centre"] = backup.slug
    if scope in ("organisation", "both"):
        data["organisation"] = police.slug

    response = add_role(admin, bob, **data)

    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in response.content.decode()
    assert bob.memberships.count() == 1


def test_duplicate_role_is_a_form_error(admin, bob, backup):
    response = add_role(admin, bob, role=Role.COUNSELLOR, centre=backup.slug)
    assert response.status_code == 200
    assert bob.memberships.count() == 1


def test_remove_a_role(admin, bob):
    membership = bob.memberships.get()
    url = f"{detail_url(bob)}roles/{membership.public_id}/remove/"
    assert admin.get(url).status_code == 200  # confirmation page
    response = submit(admin, url, {})
    assert response.status_code == 302
    assert not bob.memberships.exists()


def test_a_role_of_another_account_cannot_be_removed_through_this_one(admin, alice, bob):
    url = f"{detail_url(alice)}roles/{bob.memberships.get().public_id}/remove/"
    assert admin.post(url, {"csrfmiddlewaretoken": csrf_token(admin, HOME_URL)}).status_code == 404
    assert bob.memberships.exists()


# --- Deactivate, reactivate, reset second factor ----------------------------------------------

def test_deactivate_keeps_history_and_ends_sign_in(admin, client_for, alice):
    alice_client = client_for(alice)
    assert alice_client.get(HOME_URL).status_code == 200

    response = submit(admin, f"{detail_url(alice)}deactivate/", {})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert alice.memberships.exists()
    assert alice_client.get(HOME_URL).status_code == 302  # the open session is over
    fresh = Client(enforce_csrf_checks=True)
    assert sign_in_password(fresh, alice.email, PASSWORD).get("Location") != "/de/accounts/2fa/authenticate/"


def test_reactivate(admin, alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    submit(admin, f"{detail_url(alice)}activate/", {}, form_url=detail_url(alice))
    alice.refresh_from_db()
    assert alice.is_active


def test_reset_second_factor_forces_a_new_setup(admin, client_for, alice):
    alice_client = client_for(alice)
    url = f"{detail_url(alice)}second-factor/reset/"
    assert admin.get(url).status_code == 200

    submit(admin, url, {})

    assert not Authenticator.objects.filter(user=alice).exists()
    assert alice_client.get(HOME_URL)["Location"] == TOTP_SETUP_URL


def test_admin_cannot_reset_their_own_second_factor_here(admin, ada):
    submit(admin, f"{detail_url(ada)}second-factor/reset/", {})
    assert Authenticator.objects.filter(user=ada).exists()
