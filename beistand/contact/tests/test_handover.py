"""Handing a conversation to another centre of the network; the person is told and may object."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beistand.audit.models import Action, AuditEvent
from beistand.cases.models import Notice, NoticeKind
from beistand.contact.actions.public import open_conversation
from beistand.contact.models import Conversation
from beistand.contact.testing import make_conversation
from beistand.contact.tests.conftest import (
    PDF,
    SECRET_TEXT,
    csrf_token,
    form_value,
    post_with_token,
)
from beistand.contact.threads import centre_thread, person_thread
from beistand.contact.uploads import PreparedFile
from beistand.keys.models import DataKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed_over(client_for, alice, carol, state_network, backup, rheinland, django_capture_on_commit_callbacks):
    """A conversation with a file, handed from BackUp to Opferberatung Rheinland by Alice."""
    pdf = PreparedFile("Anzeige.pdf", "application/pdf", PDF)
    conversation, passphrase = make_conversation(backup, SECRET_TEXT, files=(pdf,))
    old_key = conversation.data_key
    post_with_token(client_for(alice), reverse("inbox:reply", args=[conversation.public_id]), {"reply-text": "Antwort"})
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_with_token(
            client_for(alice), reverse("inbox:handover", args=[conversation.public_id]),
            {"handover-version": Conversation.objects.get(pk=conversation.pk).version, "handover-centre": rheinland.pk},
        )
    assert answer.status_code == 302 and answer["Location"] == reverse("inbox:list")
    return Conversation.objects.get(pk=conversation.pk), passphrase, old_key


def test_the_receiving_centre_reads_everything_and_the_old_one_nothing(handed_over, client_for, alice, carol, rheinland):
    conversation, _passphrase, old_key = handed_over
    assert conversation.centre == rheinland and conversation.assigned_to is None
    page = client_for(carol).get(reverse("inbox:detail", args=[conversation.public_id]))
    html = page.content.decode()
    assert SECRET_TEXT in html and "Antwort" in html and "Anzeige.pdf" in html
    attachment = conversation.messages.first().attachments.get()
    download = client_for(carol).get(reverse("inbox:attachment", args=[conversation.public_id, attachment.public_id]))
    assert download.content == PDF
    assert client_for(alice).get(reverse("inbox:detail", args=[conversation.public_id])).status_code == 404
    # Everything moved to a key of the new centre; the old key is shredded.
    assert conversation.data_key.centre == rheinland
    assert DataKey.objects.get(pk=old_key.pk).is_destroyed
    assert {entry.text for entry in centre_thread(conversation)} == {SECRET_TEXT, "Antwort"}


def test_the_handover_is_audited_for_both_centres_and_noticed(handed_over, carol, backup, rheinland):
    conversation, _passphrase, _old_key = handed_over
    events = AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(conversation.public_id), fields=["centre"])
    assert {event.centre_id for event in events} == {backup.public_id, rheinland.public_id}
    assert Notice.objects.filter(recipient=carol, kind=NoticeKind.NEW_MESSAGE, reference=conversation.reference).exists()


def test_the_person_is_told_and_objects(handed_over, public_client, client_for, alice, backup, django_capture_on_commit_callbacks):
    conversation, passphrase, _old_key = handed_over
    page = public_client.get("/en/write/")
    opened = public_client.post("/en/write/", {"csrfmiddlewaretoken": csrf_token(page), "passphrase": passphrase})
    html = opened.content.decode()
    assert "handed your conversation over to Opferberatung Rheinland" in html
    assert SECRET_TEXT in html and "Antwort" in html
    with django_capture_on_commit_callbacks(execute=True):
        objected = public_client.post(reverse("contact_public:objection"), {
            "csrfmiddlewaretoken": csrf_token(opened), "objection-passphrase": form_value(opened, "objection-passphrase"),
        })
    assert "Your conversation is back with BackUp." in objected.content.decode()
    conversation.refresh_from_db()
    assert conversation.centre == backup and conversation.handover_objected_at is not None
    assert SECRET_TEXT in client_for(alice).get(reverse("inbox:detail", args=[conversation.public_id])).content.decode()
    found, keys = open_conversation(passphrase)
    assert [entry.text for entry in person_thread(found, keys.reply_private_key)] == [SECRET_TEXT, "Antwort"]
    assert AuditEvent.objects.filter(action=Action.CHANGE, fields=["handover_objection"]).count() == 2


def test_a_centre_outside_the_networks_is_no_choice(client_for, alice, backup, conversation):
    from beistand.network.models import Centre, Organisation

    elsewhere = Centre.objects.create(slug="elsewhere", name="Elsewhere", type="victim_counselling",
                                      organisation=Organisation.objects.create(slug="o", name="O", kind="carrier"))
    conversation, _passphrase = conversation
    answer = post_with_token(client_for(alice), reverse("inbox:handover", args=[conversation.public_id]),
                             {"handover-version": 1, "handover-centre": elsewhere.pk})
    assert answer.status_code == 200
    assert Conversation.objects.get(pk=conversation.pk).centre == backup


def test_a_conversation_linked_to_a_case_stays_with_the_case(client_for, alice, state_network, backup, rheinland):
    conversation, _passphrase = make_conversation(backup, SECRET_TEXT)
    client = client_for(alice)
    post_with_token(client, reverse("inbox:case", args=[conversation.public_id]), {"case-version": 1, "case-kind": "victim"})
    conversation.refresh_from_db()
    answer = post_with_token(
        client, reverse("inbox:handover", args=[conversation.public_id]),
        {"handover-version": conversation.version, "handover-centre": rheinland.pk},
    )
    conversation.refresh_from_db()
    assert conversation.centre == backup
    assert "already belongs to a case" in answer.content.decode()
