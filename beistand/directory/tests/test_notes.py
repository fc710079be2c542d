"""Private notes on entries: only the writer's centre reads them; stored encrypted; admins have none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beistand.audit.models import AuditEvent
from beistand.directory import actions
from beistand.directory.models import PrivateNote
from beistand.keys.testing import database_holds
from beistand.network.tests.factories import csrf_token

pytestmark = pytest.mark.django_db
MARKER = "Wartezeit-Marker-7f3a: sehr gut mit Kindern"


def add(client, entry, text):
    return client.post(reverse("directory:note_add", args=[entry.public_id]),
                       {"csrfmiddlewaretoken": csrf_token(client), "text": text})


def test_a_note_is_stored_encrypted_and_audited_without_its_text(alice, client_for, network_entry):
    response = add(client_for(alice), network_entry, MARKER)
    assert response.status_code == 302
    note = PrivateNote.objects.get()
    assert note.text == MARKER and note.centre.slug == "backup"
    assert database_holds(MARKER) == []
    event = AuditEvent.objects.get(object_id=str(note.public_id), action="create")
    assert event.fields == ["text"]


def test_colleagues_read_it_other_centres_do_not(alice, bob, carol, client_for, network_entry, backup):
    actions.add_note(alice, network_entry, backup, MARKER)
    detail = reverse("directory:service_detail", args=[network_entry.public_id])
    assert MARKER in client_for(bob).get(detail).content.decode()
    assert MARKER not in client_for(carol).get(detail).content.decode()


def test_admins_have_no_notes(ada, client_for, network_entry, backup, alice):
    note = actions.add_note(alice, network_entry, backup, MARKER)
    client = client_for(ada)
    page = client.get(reverse("directory:service_detail", args=[network_entry.public_id])).content.decode()
    assert MARKER not in page and "Notes of your centre" not in page
    assert add(client, network_entry, "von Ada").status_code == 404
    assert client.get(reverse("directory:note_delete", args=[network_entry.public_id, note.public_id])).status_code == 404


def test_an_empty_note_is_explained(alice, client_for, network_entry):
    response = add(client_for(alice), network_entry, "   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PrivateNote.objects.exists()


def test_deleting_a_note_asks_first_and_then_removes_it(alice, client_for, network_entry, backup):
    note = actions.add_note(alice, network_entry, backup, MARKER)
    client = client_for(alice)
    url = reverse("directory:note_delete", args=[network_entry.public_id, note.public_id])
    assert MARKER in client.get(url).content.decode()
    assert client.post(url, {"csrfmiddlewaretoken": csrf_token(client)}).status_code == 302
    assert not PrivateNote.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(note.public_id), action="delete").exists()


def test_notes_never_leave_through_the_api(client, alice, backup, state_network):
    from beistand.directory.choices import Visibility
    from beistand.directory.testing import make_service

    public = make_service("Öffentlich", visibility=Visibility.PUBLIC)
    actions.add_note(alice, public, backup, MARKER)
    assert MARKER not in client.get(f"/api/v1/hsds/services/{public.public_id}").content.decode()
