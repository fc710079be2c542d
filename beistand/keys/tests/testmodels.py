"""Concrete models for the tests, in the app label `keys_tests`.

The label is not an installed app: the models live in Django's app registry
(so relations to DataKey resolve and the key registry sees them), but no
migration knows them and `makemigrations` never will. conftest.py creates
their tables once per test database. Their data_key column has no database
constraint, so that flushing the real tables (transactional tests) is not
blocked by these tables pointing at them.
"""

from __future__ import annotations

from django.db import models

from beistand.keys import registry
from beistand.keys.blind import BlindIndexField, normalise_email
from beistand.keys.fields import EncryptedJSONField, EncryptedTextField
from beistand.keys.files import EncryptedFileField
from beistand.keys.models import DataKey, EncryptedModel


def _data_key() -> models.ForeignKey:
    return models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+", db_constraint=False)


class Note(EncryptedModel):
    """One of every kind of encrypted field."""

    data_key = _data_key()
    text = EncryptedTextField(null=True, blank=True)
    details = EncryptedJSONField(null=True, blank=True)
    attachment = EncryptedFileField(upload_to="notes", null=True, blank=True)
    email = EncryptedTextField(null=True, blank=True)
    email_index = BlindIndexField(source="email", key_label="keys_tests.note.email", normalise=normalise_email)
    title = models.CharField(max_length=50, blank=True)  # plain, for contrast

    class Meta:
        app_label = "keys_tests"


class Memo(EncryptedModel):
    """A second model, to copy ciphertext across models."""

    data_key = _data_key()
    text = EncryptedTextField(null=True, blank=True)

    class Meta:
        app_label = "keys_tests"


TEST_MODELS = [Note, Memo]

# Out of the key registry until their tables exist (conftest.encrypted_test_tables):
# rotation and shredding in other apps' tests would otherwise look for tables
# that only the key tests create.
for _model in TEST_MODELS:
    registry.unregister(_model)
