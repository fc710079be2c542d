"""MFA secrets are encrypted at rest; sign-in with them keeps working."""

from __future__ import annotations

import importlib
import os

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.test import Client

from beistand.accounts.models import User
from beistand.accounts.tests.helpers import (
    CSRF_INPUT,
    HOME_URL,
    TOTP_SETUP_URL,
    sign_in,
    sign_in_password,
    totp_code,
)
from beistand.conftest import PASSWORD
from beistand.keys import mfa
from beistand.keys.testing import database_holds
from beistand.lib.crypto import DecryptionError

migration = importlib.import_module("beistand.keys.migrations.0002_encrypt_mfa_secrets")


def totp_row(user: User) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def test_the_totp_secret_is_stored_encrypted(backup):
    user = User.objects.create_user("nia@backup.example", PASSWORD, display_name="Nia")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    stored = totp_row(user).data["secret"]
    assert stored.startswith("bmfa1:1:")
    assert secret not in stored
    assert database_holds(secret) == []
    assert TOTP(totp_row(user)).validate_code(totp_code(secret))


def test_totp_set_up_through_the_pages_is_not_in_the_database_and_signs_in(backup):
    browser = Client(enforce_csrf_checks=True)
    newcomer = User.objects.create_user("new@backup.example", PASSWORD, display_name="Nia")
    sign_in_password(browser, newcomer.email, PASSWORD)
    setup = browser.get(TOTP_SETUP_URL)
    secret = setup.context["form"].secret
    token = CSRF_INPUT.search(setup.content.decode()).group(1)
    assert browser.post(TOTP_SETUP_URL, {"code": totp_code(secret), "csrfmiddlewaretoken": token}).status_code == 302

    assert database_holds(secret) == []

    again = Client(enforce_csrf_checks=True)
    response = sign_in(again, newcomer.email, PASSWORD, totp_code(secret))
    assert response["Location"] == HOME_URL
    assert again.get(HOME_URL).status_code == 200


def test_recovery_codes_are_derived_from_an_encrypted_seed(settings, alice):
    codes = RecoveryCodes.activate(alice)
    row = Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES)
    assert mfa.is_encrypted(row.data["seed"])
    assert database_holds(mfa.decrypt_secret(row.data["seed"], settings.MASTER_KEYS)) == []
    code = codes.get_unused_codes()[0]
    assert RecoveryCodes(row).validate_code(code)
    assert not RecoveryCodes(Authenticator.objects.get(pk=row.pk)).validate_code(code)


def test_a_plain_or_damaged_secret_is_refused_not_used(alice):
    row = totp_row(alice)
    for broken in ("JBSWY3DPEHPK3PXP", "bmfa1:1:", "bmfa1:x:abc", row.data["secret"][:-4] + "AAAA"):
        row.data["secret"] = broken
        with pytest.raises(DecryptionError):
            TOTP(row).validate_code("123456")


def test_a_secret_under_an_unknown_master_key_version_says_so(settings, alice):
    settings.MASTER_KEYS = {4: os.urandom(32)}
    with pytest.raises(DecryptionError, match="version 1"):
        TOTP(totp_row(alice)).validate_code("123456")


def test_the_migration_encrypts_existing_plain_secrets_and_is_idempotent(alice):
    secret = generate_totp_secret()
    seed = RecoveryCodes.generate_seed()
    Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).update(data={"secret": secret})
    Authenticator.objects.create(
        user=alice, type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": seed, "used_mask": 0, "migrated_codes": ["11111111", "22222222"]},
    )
    assert database_holds(secret)  # the search does find a plain secret

    migration.encrypt_plain_secrets(apps, None)
    encrypted = totp_row(alice).data["secret"]
    migration.encrypt_plain_secrets(apps, None)

    assert totp_row(alice).data["secret"] == encrypted
    assert database_holds(secret) == [] and database_holds(seed) == []
    assert TOTP(totp_row(alice)).validate_code(totp_code(secret))
    recovery = RecoveryCodes(Authenticator.objects.get(user=alice, type=Authenticator.Type.RECOVERY_CODES))
    assert recovery.get_unused_codes() == ["11111111", "22222222"]

    migration.decrypt_secrets(apps, None)
    assert totp_row(alice).data["secret"] == secret

