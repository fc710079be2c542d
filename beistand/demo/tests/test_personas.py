"""The demo personas: idempotent, able to sign in, never in production."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import Client

from beistand.accounts.models import Membership, Role, User
from beistand.accounts.tests.helpers import HOME_URL, sign_in, totp_code
from beistand.demo.personas import (
    DEMO_PASSWORD,
    DemoRefused,
    create_personas,
    current_totp_code,
)


@pytest.fixture
def demo_network(backup, rheinland, lks, police) -> None:
    """The centres and organisation the personas belong to (load_demo_network makes the rest)."""


def codes_around_now(secret: str) -> set[str]:
    """The codes of this, the previous and the next step (a step may end mid-test)."""
    return {totp_code(secret, offset=step) for step in (-1, 0, 1)}


def snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "display_name", "is_admin", "is_active", "password")),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "role", "centre__slug", "organisation__slug")
        ),
        "authenticators": sorted(
            Authenticator.objects.values_list("user__email", "type", "data").order_by("pk"),
            key=str,
        ),
    }


def test_personas_and_their_roles(demo_network):
    logins = create_personas()

    assert [login.name for login in logins] == ["Alice", "Bob", "Carol", "Lena", "Kai", "Paul", "Ada"]
    assert {login.password for login in logins} == {DEMO_PASSWORD}
    assert all(login.email.endswith("@demo.beistand.invalid") for login in logins)
    memberships = set(Membership.objects.values_list("user__display_name", "role", "centre__slug",
                                                      "organisation__slug"))
    assert memberships == {
        ("Alice", Role.COUNSELLOR, "backup", None),
        ("Bob", Role.COUNSELLOR, "backup", None),
        ("Carol", Role.COUNSELLOR, "opferberatung-rheinland", None),
        ("Lena", Role.LEAD, "backup", None),
        ("Kai", Role.COORDINATOR, "lks-nrw", None),
        ("Paul", Role.REFERRER, None, "polizei-dortmund"),
    }
    ada = User.objects.get(email="ada@demo.beistand.invalid")
    assert ada.is_admin and not ada.memberships.exists()
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 7
    assert Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).count() == 7


def test_running_twice_changes_nothing(demo_network):
    first = create_personas()
    before = snapshot()

    second = create_personas()

    assert snapshot() == before
    assert second == first


def test_running_again_repairs_what_was_changed(demo_network):
    create_personas()
    kai = User.objects.get(email="kai@demo.beistand.invalid")
    kai.set_password("something else entirely")
    kai.is_active = False
    kai.save()
    kai.memberships.all().delete()

    create_personas()

    kai.refresh_from_db()
    assert kai.is_active and kai.check_password(DEMO_PASSWORD)
    assert kai.memberships.filter(role=Role.COORDINATOR, centre__slug="lks-nrw").exists()


def test_a_persona_signs_in_with_password_and_totp(demo_network):
    lena = next(login for login in create_personas() if login.name == "Lena")
    browser = Client(enforce_csrf_checks=True)

    response = sign_in(browser, lena.email, lena.password, totp_code(lena.totp_secret))

    assert response["Location"] == HOME_URL
    assert "BackUp" in browser.get(HOME_URL).content.decode()


def test_the_recovery_code_signs_in_once_and_the_next_run_offers_another(demo_network):
    paul = next(login for login in create_personas() if login.name == "Paul")
    assert sign_in(Client(enforce_csrf_checks=True), paul.email, paul.password, paul.recovery_code)[
        "Location"
    ] == HOME_URL

    again = next(login for login in create_personas() if login.name == "Paul")

    assert again.recovery_code != paul.recovery_code


def test_demo_totp_matches_the_secret(demo_network):
    alice = create_personas()[0]
    code, seconds_left = current_totp_code(alice.email)
    assert code in codes_around_now(alice.totp_secret)
    assert 0 < seconds_left <= 30


def test_demo_totp_is_only_for_demo_personas(demo_network, alice):
    create_personas()
    with pytest.raises(DemoRefused):
        current_totp_code(alice.email)  # a real account's code is never printed


def test_refused_in_production(demo_network, settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoRefused):
        create_personas()
    with pytest.raises(CommandError):
        call_command("load_demo")
    with pytest.raises(CommandError):
        call_command("demo_totp", "alice@demo.beistand.invalid")
    assert not User.objects.exists()


def test_missing_network_is_a_clear_error(db):
    with pytest.raises(DemoRefused, match="load the demo network first"):
        create_personas()
    assert not User.objects.exists()


def test_load_demo_prints_how_to_sign_in(demo_network, monkeypatch):
    monkeypatch.setattr("beistand.demo.network.load_demo_network", lambda: None)
    # The routing rules and directory entries need the whole demo network; their own tests load them.
    monkeypatch.setattr("beistand.helpfinder.demo.load_demo_routing", lambda: None)
    monkeypatch.setattr("beistand.directory.demo.load_demo_directory", lambda: None)
    out = StringIO()

    call_command("load_demo", stdout=out)

    text = out.getvalue()
    assert "http://127.0.0.1:8000/de/accounts/login/" in text
    assert DEMO_PASSWORD in text
    assert "demo_totp" in text
    for login in create_personas():
        assert login.email in text and login.totp_secret in text and login.recovery_code in text


def test_demo_totp_command_prints_the_code(demo_network):
    alice = create_personas()[0]
    out = StringIO()
    call_command("demo_totp", alice.email, stdout=out, stderr=StringIO())
    assert out.getvalue().strip() in codes_around_now(alice.totp_secret)
