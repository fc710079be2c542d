"""Messages of the anonymous conversations linked to a case, on the case's timeline: when and
from whom, never what; a link to the conversation in the inbox; one query whatever their number."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from beistand.audit.models import AuditEvent
from beistand.cases import timeline
from beistand.cases.choices import CaseKind, SessionMode
from beistand.cases.models import CounsellingSession
from beistand.cases.testing import make_case
from beistand.cases.tests.test_timeline import page_queries
from beistand.contact.actions import inbox
from beistand.contact.actions.moving import move_conversation
from beistand.contact.actions.public import Letter, add_person_message
from beistand.contact.models import Conversation, Message
from beistand.contact.testing import make_conversation

pytestmark = pytest.mark.django_db

FIRST = "Marker-Erstnachricht: man hat mich an der Haltestelle angegriffen"
ANSWER = "Marker-Antwort: wir melden uns morgen"


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def in_english():
    """The tests read the English source strings (and the pages under /en/), whatever the catalogues hold."""
    with translation.override("en"):
        yield


def case_from_conversation(user, centre, *, text: str = FIRST):
    """A conversation turned into a case in the inbox, the way Alice does it."""
    conversation, _passphrase = make_conversation(centre, text)
    case = inbox.turn_into_case(user, conversation, CaseKind.VICTIM_COUNSELLING, conversation.version)
    return Conversation.objects.get(pk=conversation.pk), case


def message_entries(case) -> list[timeline.Entry]:
    return [entry for entry in timeline.build(case) if entry.kind == "message"]


def test_messages_show_date_direction_and_a_link_but_no_content(backup, alice):
    # Given a case opened from a conversation with the person's message and Alice's reply
    conversation, case = case_from_conversation(alice, backup)
    inbox.reply(alice, conversation, ANSWER)
    # When the timeline is built
    entries = message_entries(case)
    # Then both messages are on it, newest first, with their direction and the inbox link
    assert [entry.title for entry in entries] == ["Reply from the centre", "Message from the person"]
    assert [entry.flags for entry in entries] == [("reply",), ("from-person",)]
    inbox_url = reverse("inbox:detail", args=[conversation.public_id])
    assert {entry.url for entry in entries} == {inbox_url}
    assert all(entry.day == timezone.localdate() for entry in entries)
    assert all(entry.details == [f"Conversation {conversation.reference}"] for entry in entries)
    # And nothing of what was written
    shown = repr(entries)
    assert "Marker" not in shown


def test_the_case_page_lists_messages_without_content_and_the_link_opens_the_thread(client_for, backup, alice):
    conversation, case = case_from_conversation(alice, backup)
    inbox.reply(alice, conversation, ANSWER)
    client = client_for(alice)
    page = client.get(reverse("cases:case_detail", args=[case.public_id])).text
    timeline_html = page.split('id="timeline-title"', 1)[1]
    assert timeline_html.count("timeline-entry timeline-message") == 2
    assert "Message from the person" in timeline_html and "Reply from the centre" in timeline_html
    assert "Marker" not in page
    # The link leads to the inbox, where the content is read (and that opening audited)
    inbox_url = reverse("inbox:detail", args=[conversation.public_id])
    assert f'href="{inbox_url}"' in timeline_html
    opened = client.get(inbox_url)
    assert opened.status_code == 200 and FIRST in opened.text


def test_building_the_timeline_decrypts_nothing(backup, alice):
    conversation, case = case_from_conversation(alice, backup)
    inbox.reply(alice, conversation, ANSWER)
    events_before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as captured:
        timeline.build(case)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "for_centre" not in sql and "for_person" not in sql
    assert AuditEvent.objects.count() == events_before


def test_only_the_conversations_of_this_case_count(backup, alice):
    _conversation, case = case_from_conversation(alice, backup)
    case_from_conversation(alice, backup, text="Ein anderer Fall")  # linked to another case
    make_conversation(backup, "Noch ohne Fall")  # linked to none
    assert len(message_entries(case)) == 1
    assert message_entries(make_case(backup, assigned=[alice])) == []


def test_a_conversation_handed_to_another_centre_leaves_the_timeline(backup, rheinland, alice):
    # Given a case opened from a conversation which was then handed to Opferberatung Rheinland
    conversation, case = case_from_conversation(alice, backup)
    move_conversation(conversation, rheinland)
    conversation.save()
    # Then the case's timeline no longer shows that centre's conversation
    assert message_entries(case) == []


def test_messages_cost_one_query_whatever_their_number(backup, alice):
    conversation, case = case_from_conversation(alice, backup)
    with CaptureQueriesContext(connection) as one_message:
        timeline.build(case)
    for number in range(15):
        add_person_message(conversation, Letter(text=f"Nachtrag {number}"))
        inbox.reply(alice, conversation, f"Antwort {number}")
    with CaptureQueriesContext(connection) as many_messages:
        entries = timeline.build(case)
    assert len([entry for entry in entries if entry.kind == "message"]) == 31
    assert len(many_messages.captured_queries) == len(one_message.captured_queries) == 9  # one per kind


def test_the_case_page_costs_the_same_with_many_messages(client_for, backup, alice):
    client = client_for(alice)
    _conversation, quiet = case_from_conversation(alice, backup)
    conversation, busy = case_from_conversation(alice, backup)
    for number in range(20):
        inbox.reply(alice, conversation, f"Antwort {number}")
    assert len(page_queries(client, busy)) == len(page_queries(client, quiet))


def test_messages_sort_among_the_other_records_by_their_time(backup, alice):
    conversation, case = case_from_conversation(alice, backup)
    Message.objects.filter(conversation=conversation).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    inbox.reply(alice, conversation, ANSWER)
    CounsellingSession(case=case, held_on=timezone.localdate() - datetime.timedelta(days=5),
                       duration_minutes=30, mode=SessionMode.OFFICE).save()
    assert [entry.kind for entry in timeline.build(case)] == ["message", "session", "message"]
