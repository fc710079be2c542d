"""Conversations live with the key machinery: data-key rotation, context binding, shredding."""

from __future__ import annotations

import pytest

from beistand.contact.actions.inbox import reply
from beistand.contact.actions.public import delete_conversation, open_conversation
from beistand.contact.models import Conversation, Message
from beistand.contact.sealing import CentreOpener
from beistand.contact.testing import make_conversation
from beistand.contact.tests.conftest import SECRET_TEXT
from beistand.contact.threads import centre_thread, person_thread
from beistand.keys.models import DataKey
from beistand.keys.tasks import rotate_data_key
from beistand.lib import hpke
from beistand.lib.hpke import HPKEError

pytestmark = pytest.mark.django_db


def test_data_key_rotation_moves_the_conversation_with_its_messages(backup, alice, django_capture_on_commit_callbacks):
    conversation, passphrase = make_conversation(backup, SECRET_TEXT)
    reply(alice, conversation, "Antwort")
    old = conversation.data_key
    with django_capture_on_commit_callbacks(execute=True):
        rotate_data_key.enqueue(str(old.public_id))
    moved = Conversation.objects.get(pk=conversation.pk)
    assert moved.data_key_id != old.pk
    assert set(Message.objects.filter(conversation=moved).values_list("data_key", flat=True)) == {moved.data_key_id}
    assert [entry.text for entry in centre_thread(moved)] == [SECRET_TEXT, "Antwort"]
    found, keys = open_conversation(passphrase)
    assert [entry.text for entry in person_thread(found, keys.reply_private_key)] == [SECRET_TEXT, "Antwort"]
    # Deleting shreds the current key and the one it replaced.
    delete_conversation(found)
    assert DataKey.objects.get(pk=old.pk).is_destroyed
    assert DataKey.objects.get(pk=moved.data_key_id).is_destroyed


def test_a_message_copied_into_another_conversation_does_not_open(backup):
    first, _ = make_conversation(backup, SECRET_TEXT)
    second, _ = make_conversation(backup, "Andere")
    message = first.messages.get()
    with pytest.raises(HPKEError):
        CentreOpener().open_bytes(message.key_pair, message.for_centre, second.context)


def test_the_person_cannot_open_the_centres_copy_nor_another_persons(backup):
    first, first_passphrase = make_conversation(backup, SECRET_TEXT)
    _second, second_passphrase = make_conversation(backup, "Andere")
    _found, keys = open_conversation(second_passphrase)
    with pytest.raises(HPKEError):
        person_thread(first, keys.reply_private_key)
    _found, own = open_conversation(first_passphrase)
    message = first.messages.get()
    with pytest.raises(HPKEError):
        hpke.open_sealed(own.reply_private_key, message.for_centre, first.context)
