"""After a whole journey the database file, the file storage and the logs hold neither the
message text, the passphrase nor any IP address — and deletion leaves nothing readable."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beistand.contact.models import Conversation
from beistand.contact.tests.conftest import (
    REMOTE_ADDR,
    csrf_token,
    form_value,
    jpeg_with_location,
    post_with_token,
    shown_passphrase,
)
from beistand.keys.testing import database_holds
from beistand.lib.crypto import KeyDestroyed

pytestmark = pytest.mark.django_db

MESSAGE = "MARKER-Nachricht-Ayşe-wurde-in-Hörde-angegriffen"
CONTACT = "MARKER-Kontakt-0170-5551234"
SAFE_TIME = "MARKER-Zeit-abends"
REPLY = "MARKER-Antwort-wir-rufen-an"
FOLLOW_UP = "MARKER-Nachtrag-zweiter-Angriff"
MARKERS = [MESSAGE, CONTACT, SAFE_TIME, REPLY, FOLLOW_UP, "SnitchCam", "IMG_0815", REMOTE_ADDR]


def stored_files() -> list[bytes]:
    return [path.read_bytes() for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def journey(public_client, counsellor) -> tuple[Conversation, str]:
    """Write with a photo, a counsellor replies, the person returns, reads and writes more."""
    form = public_client.get("/ar/write/to/backup/")
    sent = public_client.post("/ar/write/to/backup/", {
        "csrfmiddlewaretoken": csrf_token(form), "submission": form_value(form, "submission"),
        "message": MESSAGE, "contact": CONTACT, "safe_time": SAFE_TIME,
        "attachments": [SimpleUploadedFile("IMG_0815.jpg", jpeg_with_location(), content_type="image/jpeg")],
    })
    passphrase = shown_passphrase(sent)
    conversation = Conversation.objects.get()
    inbox = counsellor.get(reverse("inbox:detail", args=[conversation.public_id])).content.decode()
    assert MESSAGE in inbox and CONTACT in inbox and SAFE_TIME in inbox
    post_with_token(counsellor, reverse("inbox:reply", args=[conversation.public_id]), {"reply-text": REPLY})
    page = public_client.get("/ar/write/")
    opened = public_client.post("/ar/write/", {"csrfmiddlewaretoken": csrf_token(page), "passphrase": passphrase})
    assert REPLY in opened.content.decode()
    more = public_client.post("/ar/write/message/", {
        "csrfmiddlewaretoken": csrf_token(opened), "more-passphrase": passphrase, "more-message": FOLLOW_UP,
    })
    assert FOLLOW_UP in more.content.decode()
    return conversation, passphrase


def test_nothing_readable_is_stored_or_logged(public_client, client_for, alice, backup, caplog):
    caplog.set_level(logging.DEBUG)
    _conversation, passphrase = journey(public_client, client_for(alice))
    for marker in [*MARKERS, passphrase, passphrase.replace(" ", "")]:
        assert database_holds(marker) == [], marker
        assert not [blob for blob in stored_files() if marker.encode() in blob], marker
        assert marker not in caplog.text, marker
    assert stored_files()  # the photo is there, sealed
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if "IMG" in path.name]


def test_the_control_finds_what_is_stored_in_plain(backup):
    """Without it an empty search result would prove nothing."""
    backup.description = MESSAGE
    backup.save()
    assert database_holds(MESSAGE)


def test_after_deletion_even_a_copy_of_the_database_reads_nothing(
    public_client, client_for, alice, backup, django_capture_on_commit_callbacks
):
    conversation, passphrase = journey(public_client, client_for(alice))
    # A copy of a message row as a backup would hold it, before the deletion.
    copy = conversation.messages.order_by("pk").first()
    page = public_client.get("/en/write/")
    with django_capture_on_commit_callbacks(execute=True):
        public_client.post(reverse("contact_public:delete"), {
            "csrfmiddlewaretoken": csrf_token(page), "delete-passphrase": passphrase, "delete-confirm": "on",
        })
    assert not Conversation.objects.exists()
    assert stored_files() == []
    copy.data_key.refresh_from_db()
    copy.__dict__.pop("for_centre", None)
    with pytest.raises(KeyDestroyed):
        copy.data_key.unwrap()
