"""Bad input gets a clear message in the person's language, keeps what they typed, never a 500."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.contact.forms import MAX_MESSAGE_CHARS
from beistand.contact.models import Conversation
from beistand.contact.tests.conftest import PDF, csrf_token, form_value, form_value_by_id
from beistand.lib.passphrases import passphrase_work_slot

pytestmark = pytest.mark.django_db

WRITE = "/en/write/to/backup/"


def post_letter(client, message, url=WRITE, **extra):
    form = client.get(url)
    data = {"csrfmiddlewaretoken": csrf_token(form), "submission": form_value(form, "submission"),
            "message": message, **extra}
    return client.post(url, data)


def test_an_empty_message_is_explained_and_the_rest_kept(public_client, backup):
    page = post_letter(public_client, "   ", contact="0170 1234567", safe_time="abends")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Please write your message." in text
    assert 'href="#id_message"' in text
    assert 'value="0170 1234567"' in text and 'value="abends"' in text
    assert not Conversation.objects.exists()


def test_an_oversized_message_is_counted_and_kept(public_client, backup):
    long_text = "a" * (MAX_MESSAGE_CHARS + 1)
    page = post_letter(public_client, long_text)
    text = page.content.decode()
    assert f"it has {MAX_MESSAGE_CHARS + 1} characters, at most {MAX_MESSAGE_CHARS}" in text
    assert long_text in text  # the text is still in the form
    assert "maxlength" not in text.split('id="id_message"')[0][-200:]  # no silent cut by the browser
    assert not Conversation.objects.exists()


def test_the_longest_message_is_accepted(public_client, backup):
    post_letter(public_client, "ä" * MAX_MESSAGE_CHARS)
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize("binary", ["\x00\x01\x02ELF", "Bild: \ufffd\ufffdPNG", "MZ\x90\x03"])
def test_binary_content_is_not_a_message(public_client, backup, binary):
    page = post_letter(public_client, binary)
    assert "characters that are not text" in page.content.decode()
    assert not Conversation.objects.exists()


def test_a_german_page_explains_in_german(public_client, backup):
    page = post_letter(public_client, "", url="/de/write/to/backup/")
    assert page["Content-Language"] == "de"
    assert "Please write your message." not in page.content.decode()


def test_too_many_files_are_refused(public_client, backup):
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]
    page = post_letter(public_client, "Hallo", attachments=files)
    text = page.content.decode()
    assert "at most 5 files at once; you chose 6" in text
    assert "Your browser cannot keep the files you chose" in text
    assert not Conversation.objects.exists()


def test_a_disguised_file_is_named_in_the_error(public_client, backup):
    page = post_letter(public_client, "Hallo", attachments=[SimpleUploadedFile("urlaub.jpg", b"MZ\x90\x00program")])
    text = html.unescape(page.content.decode())
    assert "urlaub.jpg: This is not a JPEG, PNG or PDF file." in text
    assert not Conversation.objects.exists()


def test_html_in_every_field_stays_text_for_the_person(public_client, backup):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    sent = post_letter(public_client, attack, contact=attack, safe_time=attack)
    form = public_client.get("/en/write/")
    page = public_client.post("/en/write/", {
        "csrfmiddlewaretoken": csrf_token(form), "passphrase": form_value_by_id(sent, "passphrase-copy"),
    })
    text = page.content.decode()
    assert "<script>alert" not in text and "<img src=x" not in text
    assert text.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 3


def test_a_flood_gets_429_with_retry_after_and_the_text_kept(public_client, backup, settings):
    settings.PASSPHRASE_WORK_SLOTS = 1
    form = public_client.get(WRITE)
    data = {"csrfmiddlewaretoken": csrf_token(form), "submission": form_value(form, "submission"),
            "message": "Bitte helfen Sie mir", "contact": "0170 1234567"}
    with passphrase_work_slot():  # another request holds the only slot
        busy = public_client.post(WRITE, data)
    assert busy.status_code == 429
    assert busy["Retry-After"] == "60"
    text = busy.content.decode()
    assert "Many people are writing right now" in text
    assert "Bitte helfen Sie mir" in text and 'value="0170 1234567"' in text
    assert not Conversation.objects.exists()
    # A minute later the same form goes through: nothing was lost.
    assert public_client.post(WRITE, data).status_code == 200
    assert Conversation.objects.count() == 1


def test_returning_during_a_flood_gets_429_and_keeps_the_passphrase(public_client, conversation, settings):
    _conversation, passphrase = conversation
    settings.PASSPHRASE_WORK_SLOTS = 1
    page = public_client.get("/en/write/")
    with passphrase_work_slot():
        busy = public_client.post("/en/write/", {"csrfmiddlewaretoken": csrf_token(page), "passphrase": passphrase})
    assert busy.status_code == 429 and busy["Retry-After"] == "60"
    assert f'value="{passphrase}"' in busy.content.decode()


def test_writing_more_during_a_flood_keeps_the_message(public_client, conversation, settings):
    _conversation, passphrase = conversation
    settings.PASSPHRASE_WORK_SLOTS = 1
    page = public_client.get("/en/write/")
    data = {"csrfmiddlewaretoken": csrf_token(page), "more-passphrase": passphrase, "more-message": "Noch eine Frage"}
    with passphrase_work_slot():
        busy = public_client.post("/en/write/message/", data)
    assert busy.status_code == 429
    text = busy.content.decode()
    assert "Noch eine Frage" in text and f'value="{passphrase}"' in text


def test_a_passphrase_far_too_long_is_refused_without_work(public_client, backup, settings):
    settings.PASSPHRASE_WORK_SLOTS = 1
    page = public_client.get("/en/write/")
    with passphrase_work_slot():  # no slot is free: it is refused before any Argon2 work
        answer = public_client.post("/en/write/", {"csrfmiddlewaretoken": csrf_token(page), "passphrase": "wort " * 500})
    assert answer.status_code == 200
    assert "This is far longer than a passphrase." in answer.content.decode()


def test_posting_to_the_conversation_without_a_passphrase_leads_back_to_the_return_page(public_client, backup):
    page = public_client.get("/en/write/")
    answer = public_client.post("/en/write/message/", {"csrfmiddlewaretoken": csrf_token(page), "more-message": "x"})
    assert answer.status_code == 200
    assert "Please enter your passphrase." in answer.content.decode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=st.text(max_size=300), contact=st.text(max_size=400))
def test_no_input_makes_the_form_fail(backup, message, contact):
    client = Client()
    answer = client.post(WRITE, {"submission": "0" * 32, "message": message, "contact": contact})
    assert answer.status_code in (200, 400)


def test_files_too_large_together_are_not_dropped_silently(public_client, backup, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django would drop the upload without a word
    page = post_letter(public_client, "Mit Anhang", attachments=[SimpleUploadedFile("gross.pdf", PDF + b"\n" * 2000)])
    text = page.content.decode()
    assert "These files are too large together." in text
    assert "Mit Anhang" in text
    assert not Conversation.objects.exists()
