"""The person's journey: write, receive the passphrase, come back, write more, delete."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beistand.audit.models import Action, AuditEvent
from beistand.contact.models import Author, Conversation, Message
from beistand.contact.tests.conftest import (
    PDF,
    SECRET_TEXT,
    csrf_token,
    form_value,
    jpeg_with_location,
    shown_passphrase,
)
from beistand.keys.models import DataKey
from beistand.keys.testing import database_holds
from beistand.lib import passphrases

pytestmark = pytest.mark.django_db

WRITE = "/en/write/to/backup/"
RETURN = "/en/write/"
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def start(client, text=SECRET_TEXT, url=WRITE, **extra):
    form = client.get(url)
    data = {
        "csrfmiddlewaretoken": csrf_token(form), "submission": form_value(form, "submission"),
        "message": text, "contact": "", "safe_time": "", **extra,
    }
    return client.post(url, data)


def come_back(client, passphrase, url=RETURN):
    page = client.get(url)
    return client.post(url, {"csrfmiddlewaretoken": csrf_token(page), "passphrase": passphrase})


def test_the_centre_page_links_to_anonymous_writing_and_sets_no_cookie(client, backup, rheinland):
    page = client.get(reverse("public:centre", args=[backup.slug]))
    assert f'href="{WRITE}"' in page.content.decode()
    assert not page.cookies
    # A centre that takes no anonymous messages offers no such link, and its form does not exist.
    other = client.get(reverse("public:centre", args=[rheinland.slug])).content.decode()
    assert "/write/to/" not in other
    assert client.get(f"/en/write/to/{rheinland.slug}/").status_code == 404
    assert client.get("/en/write/to/no-such-centre/").status_code == 404


def test_the_write_form_sets_only_the_csrf_cookie_and_is_never_cached(client, backup):
    page = client.get(WRITE)
    assert page.status_code == 200
    assert set(page.cookies) == {settings.CSRF_COOKIE_NAME}
    assert "no-store" in page["Cache-Control"]


def test_writing_gives_a_passphrase_of_seven_words_that_is_never_stored(public_client, backup, alice):
    page = start(public_client)
    assert page.status_code == 200
    passphrase = shown_passphrase(page)
    assert len(passphrase.split()) == passphrases.WORDS
    assert set(passphrase.split()) <= set(passphrases.load_wordlist("en"))  # English pages, English words
    conversation = Conversation.objects.get()
    assert conversation.centre == backup and conversation.language == "en"
    assert conversation.lookup_id == passphrases.lookup_id(passphrase)
    assert database_holds(passphrase) == []
    assert database_holds(passphrase.replace(" ", "")) == []
    assert settings.SESSION_COOKIE_NAME not in page.cookies
    assert "no-store" in page["Cache-Control"]


def test_english_pages_give_english_words(public_client, backup):
    passphrase = shown_passphrase(start(public_client, url="/ar/write/to/backup/"))
    assert set(passphrase.split()) <= set(passphrases.load_wordlist("en"))


def test_the_passphrase_opens_the_thread_however_it_is_typed(public_client, conversation):
    _conversation, passphrase = conversation
    for typed in (passphrase, f"  {passphrase.upper()}  ", passphrase.replace(" ", "   "), passphrase.replace(" ", "\n")):
        page = come_back(public_client, typed)
        assert page.status_code == 200
        assert SECRET_TEXT in page.content.decode(), typed


def test_wrong_and_unknown_passphrases_get_the_same_answer(public_client, conversation):
    _conversation, passphrase = conversation
    words = passphrase.split()
    wrong = " ".join([*words[:-1], "zebra" if words[-1] != "zebra" else "apfel"])
    unknown = " ".join(["apfel"] * 7)
    answers = [come_back(public_client, typed) for typed in (wrong, unknown)]
    bodies = [
        CSRF_VALUE.sub("", answer.content.decode().replace(typed, ""))
        for answer, typed in zip(answers, (wrong, unknown), strict=True)
    ]
    assert bodies[0] == bodies[1]
    assert "We found no conversation with this passphrase" in bodies[0]
    assert SECRET_TEXT not in bodies[0]
    assert [answer.status_code for answer in answers] == [200, 200]


def test_a_missing_word_is_named_and_the_typed_words_are_kept(public_client, conversation):
    _conversation, passphrase = conversation
    six = " ".join(passphrase.split()[:6])
    page = come_back(public_client, six)
    html = page.content.decode()
    assert "Your passphrase has 7 words; you entered 6." in html
    assert f'value="{six}"' in html
    assert 'href="#id_passphrase"' in html  # the error summary links to the field


def test_the_person_writes_more_with_a_file(public_client, conversation):
    conversation, passphrase = conversation
    page = come_back(public_client, passphrase)
    data = {
        "csrfmiddlewaretoken": csrf_token(page), "more-passphrase": form_value(page, "more-passphrase"),
        "more-message": "Noch etwas: ein Foto.",
        "more-attachments": [SimpleUploadedFile("foto.jpg", jpeg_with_location(), content_type="image/jpeg")],
    }
    answer = public_client.post(reverse("contact_public:write_more"), data)
    html = answer.content.decode()
    assert "Your message was sent." in html
    assert "Noch etwas: ein Foto." in html and "foto.jpg" in html
    assert conversation.messages.count() == 2
    assert Message.objects.filter(conversation=conversation, attachments__isnull=False).count() == 1


def test_the_page_tells_the_deletion_date(public_client, conversation):
    _conversation, passphrase = conversation
    html = come_back(public_client, passphrase).content.decode()
    assert "this conversation will be deleted on" in html


def test_a_reload_of_the_sent_form_starts_no_second_conversation(public_client, backup):
    form = public_client.get(WRITE)
    data = {"csrfmiddlewaretoken": csrf_token(form), "submission": form_value(form, "submission"), "message": "Hallo"}
    first = public_client.post(WRITE, data)
    again = public_client.post(WRITE, data)
    assert shown_passphrase(first)
    assert "This message was already sent" in again.content.decode()
    assert Conversation.objects.count() == 1


def test_csrf_protects_opening_a_conversation(public_client, conversation):
    _conversation, passphrase = conversation
    assert public_client.post(RETURN, {"passphrase": passphrase}).status_code == 403


def test_deleting_removes_everything_for_good(public_client, conversation, django_capture_on_commit_callbacks):
    conversation, passphrase = conversation
    page = come_back(public_client, passphrase)
    data = {"csrfmiddlewaretoken": csrf_token(page), "delete-passphrase": form_value(page, "delete-passphrase")}
    unconfirmed = public_client.post(reverse("contact_public:delete"), data)
    assert "Please tick the box" in unconfirmed.content.decode()
    assert Conversation.objects.filter(pk=conversation.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = public_client.post(reverse("contact_public:delete"), {**data, "delete-confirm": "on"})
    assert "Your conversation was deleted" in done.content.decode()
    assert not Conversation.objects.exists() and not Message.objects.exists()
    assert DataKey.objects.get(pk=conversation.data_key_id).is_destroyed
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(conversation.public_id)).exists()
    assert "We found no conversation" in come_back(public_client, passphrase).content.decode()


def test_the_first_message_keeps_contact_details_and_files(public_client, backup):
    page = start(public_client, contact="0170 1234567", safe_time="abends", attachments=[
        SimpleUploadedFile("bericht.pdf", PDF, content_type="application/pdf"),
    ])
    assert shown_passphrase(page)
    message = Message.objects.get()
    assert message.author == Author.PERSON
    assert message.attachments.count() == 1
