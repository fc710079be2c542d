"""From a conversation of the inbox to the directory: the card, in the person's language, sent as a reply."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from beistand.audit.models import Action, AuditEvent
from beistand.contact.models import Author, Status
from beistand.contact.testing import make_conversation
from beistand.network.tests.factories import csrf_token

pytestmark = pytest.mark.django_db

ARABIC_ADDRESS_LABEL = "العنوان"  # "Address" in the Arabic catalogue


@pytest.fixture
def conversation(backup):
    """A conversation with BackUp, written from the Arabic pages; (conversation, passphrase)."""
    return make_conversation(backup, "أحتاج إلى معالج نفسي", language="ar")


def card_url(conversation, entry):
    return reverse("directory:conversation_card", args=[conversation.public_id, entry.public_id])


def card_text(page: str) -> str:
    found = re.search(r'<textarea name="reply-text"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found, "the page has no reply text"
    return unescape(found.group(1)).strip()


def test_the_search_from_a_conversation_offers_the_card(alice, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    page = client_for(alice).get(reverse("directory:search"), {"conversation": str(conversation.public_id)})
    html = page.content.decode()
    assert card_url(conversation, network_entry) in html
    assert conversation.reference in html
    assert f'name="conversation" value="{conversation.public_id}"' in html  # kept when searching again


def test_a_closed_or_foreign_conversation_gives_no_card_links(alice, carol, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    query = {"conversation": str(conversation.public_id)}
    assert card_url(conversation, network_entry) not in client_for(carol).get(reverse("directory:search"), query).content.decode()
    conversation.status = Status.CLOSED
    conversation.save()
    assert card_url(conversation, network_entry) not in client_for(alice).get(reverse("directory:search"), query).content.decode()


def test_the_entry_page_opened_from_a_conversation_links_to_the_card(alice, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    url = reverse("directory:service_detail", args=[network_entry.public_id])
    page = client_for(alice).get(url, {"conversation": str(conversation.public_id)}).content.decode()
    assert card_url(conversation, network_entry) in page


def test_the_card_comes_in_the_language_the_person_wrote_in(alice, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    page = client_for(alice).get(card_url(conversation, network_entry)).content.decode()
    card = page[page.index('<section class="details-card"'):page.index("</section>")]
    assert 'lang="ar" dir="rtl"' in card
    assert ARABIC_ADDRESS_LABEL in card and "Address:" not in card
    text = card_text(page)
    assert f"{ARABIC_ADDRESS_LABEL}: Musterstraße 1, 44135 Dortmund" in text
    assert 'lang="ar" dir="rtl"' in page[page.index('<textarea name="reply-text"'):]


def test_the_card_language_can_be_chosen(alice, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    page = client_for(alice).get(card_url(conversation, network_entry), {"language": "en"}).content.decode()
    assert "Address: Musterstraße 1, 44135 Dortmund" in card_text(page)
    assert '<option value="en" selected>' in page


def test_the_counsellor_sends_the_card_and_the_person_reads_it(alice, client_for, conversation, network_entry):
    conversation, passphrase = conversation
    client = client_for(alice)
    page = client.get(card_url(conversation, network_entry)).content.decode()
    assert f'action="{reverse("inbox:reply", args=[conversation.public_id])}"' in page
    text = card_text(page) + "\nBis bald!"  # the counsellor may add to it
    response = client.post(reverse("inbox:reply", args=[conversation.public_id]),
                           {"csrfmiddlewaretoken": csrf_token(client), "reply-text": text})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.last_author == Author.CENTRE
    assert AuditEvent.objects.filter(action=Action.CREATE, actor_id=alice.public_id, fields=["reply"]).exists()
    # The person comes back with the passphrase and reads the details.
    person = Client(enforce_csrf_checks=True)
    form = person.get("/ar/write/")
    thread = person.post("/ar/write/", {"csrfmiddlewaretoken": _token(form), "passphrase": passphrase})
    html = unescape(thread.content.decode())
    assert "Musterstraße 1, 44135 Dortmund" in html
    assert "Psychotherapie auf Arabisch" in html and "Bis bald!" in html


def test_a_closed_conversation_shows_the_card_but_takes_no_reply(alice, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    conversation.status = Status.CLOSED
    conversation.save()
    page = client_for(alice).get(card_url(conversation, network_entry)).content.decode()
    assert "Psychotherapie auf Arabisch" in page
    assert 'name="reply-text"' not in page


def test_another_centre_gets_the_404_of_a_missing_conversation(carol, client_for, conversation, network_entry):
    conversation, _passphrase = conversation
    assert client_for(carol).get(card_url(conversation, network_entry)).status_code == 404


def test_an_entry_the_counsellor_cannot_read_is_missing(alice, client_for, conversation, rheinland_private):
    conversation, _passphrase = conversation
    assert client_for(alice).get(card_url(conversation, rheinland_private)).status_code == 404


def _token(page) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found, "the page has no CSRF token"
    return found.group(1)
