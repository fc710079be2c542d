"""From a conversation of the inbox to the directory and back: the card, sent as a reply.

The counsellor opens the directory from a conversation (`?conversation=`), picks
an entry and sees its card in the language the person wrote in (or another one).
The card's text, editable, goes to the inbox's own reply action (`inbox:reply`),
so it is sealed to the person, audited and kept like every other reply.

Access is the conversation's (`contact.access`): the counsellors and the lead of
its centre; everybody else gets the 404 of a conversation that does not exist.
The entry must be readable for the user too (`directory.access`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from beistand.cases.views.common import caseworker_view
from beistand.contact import access as contact_access
from beistand.contact.forms import ReplyForm
from beistand.contact.models import Conversation, Status
from beistand.directory import access
from beistand.directory.cards import card_context, card_language
from beistand.directory.forms.other import CardLanguageForm
from beistand.directory.models import Service
from beistand.directory.search import with_details
from beistand.lib.http import AuthenticatedRequest


@caseworker_view
@require_safe
def card(request: AuthenticatedRequest, conversation_id: Any, service_id: Any) -> HttpResponse:
    """The entry's card in the conversation's language, with its text ready to send as a reply."""
    # Nothing of the conversation is opened here but its reference and language; the reply
    # sent from this page is audited by the reply action.
    conversation = contact_access.get_conversation(request.user, conversation_id, audit=False)
    service = access.get_service(request.user, service_id)
    service = with_details(Service.objects.filter(pk=service.pk)).get()
    form = CardLanguageForm(request.GET or None)
    card = card_context(service, card_language(form.chosen_language(), [conversation.language]))
    if not form.is_bound:
        form = CardLanguageForm(initial={"language": card["card_language"]})
    return render(request, "directory/conversation_card.html", {
        "conversation": conversation, "form": form, "reply_form": _reply_form(card), "nav": "inbox", **card,
    })


def _reply_form(card: dict[str, Any]) -> ReplyForm:
    """The inbox's reply form, filled in with the card's text and written in its direction."""
    form = ReplyForm(prefix="reply", initial={"text": card["text"]})
    form.fields["text"].widget.attrs.update(lang=card["card_html_lang"], dir="rtl" if card["card_bidi"] else "ltr")
    return form


def answering_conversation(request: AuthenticatedRequest, conversation_id: Any) -> Conversation | None:
    """The open conversation the search was opened from, if the user works on it (else no card links)."""
    if not conversation_id:
        return None
    try:
        conversation_id = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    conversations = contact_access.inbox_conversations(request.user).filter(public_id=conversation_id, status=Status.OPEN)
    return conversations.only("public_id", "reference").first()
