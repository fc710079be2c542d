"""Encrypts the TOTP secrets and recovery-code seeds stored before beistand.keys.mfa.MFAAdapter.

Idempotent: secrets already encrypted are left alone. Going back decrypts them
again, for an installation that returns to allauth's default adapter.
"""

from django.conf import settings
from django.db import migrations

from beistand.keys import mfa


def _change_all(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.order_by("pk").iterator():
        data = mfa.transform_secrets(authenticator.data, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_plain_secrets(apps, schema_editor):
    keys = settings.MASTER_KEYS
    _change_all(apps, lambda s: s if mfa.is_encrypted(s) else mfa.encrypt_secret(s, keys))


def decrypt_secrets(apps, schema_editor):
    keys = settings.MASTER_KEYS
    _change_all(apps, lambda s: mfa.decrypt_secret(s, keys) if mfa.is_encrypted(s) else s)


class Migration(migrations.Migration):
    dependencies = [
        ("keys", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_plain_secrets, decrypt_secrets)]
