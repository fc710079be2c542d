"""The counsellors' inbox: lists without content, the thread, replies, and every change audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from beistand.audit.models import Action, AuditEvent
from beistand.cases.models import Notice, NoticeKind
from beistand.contact.actions.public import Letter, add_person_message, open_conversation
from beistand.contact.models import Author, Conversation, Status
from beistand.contact.testing import make_conversation
from beistand.contact.tests.conftest import PDF, SECRET_TEXT, post_with_token
from beistand.contact.threads import person_thread
from beistand.contact.uploads import PreparedFile

pytestmark = pytest.mark.django_db


def detail(conversation):
    return reverse("inbox:detail", args=[conversation.public_id])


def act(conversation, name):
    return reverse(f"inbox:{name}", args=[conversation.public_id])


def person_reads(passphrase):
    found, keys = open_conversation(passphrase)
    return [entry.text for entry in person_thread(found, keys.reply_private_key)]


def test_the_list_shows_references_but_no_content(client_for, alice, conversation, django_assert_max_num_queries):
    conversation, _passphrase = conversation
    for number in range(5):
        make_conversation(conversation.centre, f"Nachricht {number}")
    client = client_for(alice)
    with django_assert_max_num_queries(12):  # the same for 6 conversations as for 1
        page = client.get(reverse("inbox:list"))
    html = page.content.decode()
    assert conversation.reference in html
    assert SECRET_TEXT not in html
    assert "New <span class=\"count\">(6)</span>" in html
    # Listing decrypts nothing.
    assert not AuditEvent.objects.filter(action=Action.DECRYPT).exists()


def test_the_tabs_sort_conversations(client_for, alice, conversation):
    conversation, _passphrase = conversation
    client = client_for(alice)
    assert conversation.reference in client.get(reverse("inbox:list") + "?show=waiting").content.decode()
    assert conversation.reference not in client.get(reverse("inbox:list") + "?show=closed").content.decode()
    assert client.get(reverse("inbox:list") + "?show=nonsense").status_code == 200


def test_opening_shows_the_thread_and_is_audited(client_for, alice, conversation):
    conversation, _passphrase = conversation
    page = client_for(alice).get(detail(conversation))
    assert SECRET_TEXT in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    opened = AuditEvent.objects.filter(action=Action.READ, object_id=str(conversation.public_id))
    assert opened.filter(actor_id=alice.public_id, centre_id=conversation.centre.public_id).exists()


def test_html_from_the_public_shows_as_text(client_for, alice, backup):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    named = PreparedFile(f"{attack}.pdf", "application/pdf", PDF)
    conversation, _passphrase = make_conversation(backup, attack, contact=attack, safe_time=attack, files=(named,))
    post_with_token(client_for(alice), act(conversation, "reply"), {"reply-text": attack})
    html = client_for(alice).get(detail(conversation)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    # The message, the contact details, the safe time, the file name and the reply: all as text.
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 5


def test_a_reply_reaches_the_person_and_the_centre_reads_it_again(client_for, alice, conversation):
    conversation, passphrase = conversation
    client = client_for(alice)
    page = client.get(detail(conversation))
    assert page.status_code == 200
    answer = post_with_token(client, act(conversation, "reply"), {"reply-text": "Wir sind für Sie da."}, follow=True)
    assert "Wir sind für Sie da." in answer.content.decode()  # the centre's own copy
    assert person_reads(passphrase) == [SECRET_TEXT, "Wir sind für Sie da."]
    conversation.refresh_from_db()
    assert conversation.last_author == Author.CENTRE
    assert conversation.assigned_to == alice  # whoever answers first takes it on
    assert AuditEvent.objects.filter(action=Action.CREATE, actor_id=alice.public_id, fields=["reply"]).exists()


def test_the_person_sees_the_centre_not_the_counsellor(client_for, alice, conversation):
    conversation, passphrase = conversation
    post_with_token(client_for(alice), act(conversation, "reply"), {"reply-text": "Hallo"})
    found, keys = open_conversation(passphrase)
    reply = person_thread(found, keys.reply_private_key)[-1]
    assert reply.sender == "BackUp"


def test_an_empty_reply_is_explained(client_for, alice, conversation):
    conversation, _passphrase = conversation
    page = post_with_token(client_for(alice), act(conversation, "reply"), {"reply-text": "  "})
    assert page.status_code == 200
    assert "Please write your message." in page.content.decode()
    assert conversation.messages.count() == 1


def test_new_messages_raise_notices_without_content(alice, bob, lena, backup):
    conversation, _passphrase = make_conversation(backup, SECRET_TEXT)
    notices = Notice.objects.filter(kind=NoticeKind.NEW_MESSAGE, reference=conversation.reference)
    assert {notice.recipient for notice in notices} == {alice, bob, lena}
    assert all(SECRET_TEXT not in str(notice.__dict__) for notice in notices)
    # Once assigned, only the assigned counsellor is told; unread notices are not repeated.
    conversation.assigned_to = bob
    conversation.save()
    add_person_message(conversation, Letter(text="Noch etwas"))
    add_person_message(conversation, Letter(text="Und noch etwas"))
    assert notices.filter(recipient=bob).count() == 1
    assert notices.count() == 3


def test_opening_the_conversation_settles_its_notices(client_for, alice, conversation):
    conversation, _passphrase = conversation
    client_for(alice).get(detail(conversation))
    assert not Notice.objects.filter(recipient=alice, reference=conversation.reference, read_at__isnull=True).exists()


def test_assigning_checks_the_version(client_for, alice, bob, conversation):
    conversation, _passphrase = conversation
    client = client_for(alice)
    saved = post_with_token(client, act(conversation, "assign"), {"assign-version": 1, "assign-assignee": bob.pk})
    assert saved.status_code == 302
    conversation.refresh_from_db()
    assert conversation.assigned_to == bob and conversation.version == 2
    stale = post_with_token(client, act(conversation, "assign"), {"assign-version": 1, "assign-assignee": alice.pk})
    html = stale.content.decode()
    assert "Someone else changed this conversation in the meantime" in html
    assert 'name="assign-version" value="2"' in html  # the next try carries the current version
    assert f'<option value="{alice.pk}" selected>' in html  # the choice is kept
    conversation.refresh_from_db()
    assert conversation.assigned_to == bob
    assert AuditEvent.objects.filter(action=Action.CHANGE, fields=["assigned_to"]).count() == 1


def test_only_the_centres_caseworkers_can_be_assigned(client_for, alice, carol, conversation):
    conversation, _passphrase = conversation
    page = post_with_token(client_for(alice), act(conversation, "assign"), {"assign-version": 1, "assign-assignee": carol.pk})
    assert page.status_code == 200
    assert Conversation.objects.get(pk=conversation.pk).assigned_to is None


def test_a_closed_conversation_takes_no_reply_until_it_is_opened(client_for, alice, conversation):
    conversation, _passphrase = conversation
    client = client_for(alice)
    post_with_token(client, act(conversation, "status"), {"status-version": 1, "status-status": Status.CLOSED})
    conversation.refresh_from_db()
    assert conversation.is_closed
    page = post_with_token(client, act(conversation, "reply"), {"reply-text": "Hallo"})
    assert "This conversation is closed. Open it again to reply." in page.content.decode()
    assert conversation.messages.count() == 1
    assert conversation.reference in client.get(reverse("inbox:list") + "?show=closed").content.decode()
    # The person writing again opens it again.
    add_person_message(conversation, Letter(text="Sind Sie noch da?"))
    conversation.refresh_from_db()
    assert conversation.status == Status.OPEN


def test_abuse_closes_and_silences(client_for, alice, conversation):
    conversation, _passphrase = conversation
    post_with_token(client_for(alice), act(conversation, "abuse"), {"abuse-version": 1, "abuse-abuse": "yes"})
    conversation.refresh_from_db()
    assert conversation.is_abuse and conversation.is_closed
    Notice.objects.all().delete()
    add_person_message(conversation, Letter(text="Spam"))
    conversation.refresh_from_db()
    assert conversation.is_closed and not Notice.objects.exists()
    assert AuditEvent.objects.filter(action=Action.CHANGE, fields=["is_abuse", "status"]).exists()


def test_an_empty_change_is_explained_not_applied(client_for, alice, conversation):
    conversation, _passphrase = conversation
    for name in ("assign", "status", "abuse", "handover", "case"):
        page = post_with_token(client_for(alice), act(conversation, name), {})
        assert page.status_code == 200, name
        assert "class=\"error-summary\"" in page.content.decode(), name
    conversation.refresh_from_db()
    assert conversation.version == 1


def test_turning_into_a_case_links_both(client_for, alice, conversation):
    conversation, _passphrase = conversation
    client = client_for(alice)
    page = post_with_token(client, act(conversation, "case"), {"case-version": 1, "case-kind": "victim"}, follow=True)
    conversation.refresh_from_db()
    case = conversation.case
    assert case is not None and case.centre == conversation.centre and alice in case.assigned.all()
    assert case.access_channel == "online"
    assert reverse("cases:case_detail", args=[case.public_id]) in page.content.decode()
    again = post_with_token(client, act(conversation, "case"), {"case-version": conversation.version, "case-kind": "victim"})
    assert "already belongs to a case" in again.content.decode()
    assert AuditEvent.objects.filter(action=Action.CHANGE, fields=["case"]).count() == 1


def test_files_are_downloaded_not_shown(client_for, alice, backup):
    pdf = PreparedFile("Arztbrief.pdf", "application/pdf", PDF)
    conversation, _passphrase = make_conversation(backup, "Anbei der Brief", files=(pdf,))
    client = client_for(alice)
    html = client.get(detail(conversation)).content.decode()
    attachment = conversation.messages.get().attachments.get()
    url = reverse("inbox:attachment", args=[conversation.public_id, attachment.public_id])
    assert url in html and "Arztbrief.pdf" in html
    response = client.get(url)
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    other, _ = make_conversation(backup, "Andere")
    assert client.get(reverse("inbox:attachment", args=[other.public_id, attachment.public_id])).status_code == 404


def test_other_centres_and_other_roles_see_nothing(client_for, carol, kai, ada, conversation):
    conversation, _passphrase = conversation
    for user in (carol, kai, ada):
        client = client_for(user)
        assert client.get(detail(conversation)).status_code == 404
        assert post_with_token(client, act(conversation, "reply"), {"reply-text": "x"}).status_code == 404
    assert conversation.reference not in client_for(carol).get(reverse("inbox:list")).content.decode()
    assert conversation.messages.count() == 1


def test_an_exit_case_is_not_opened_from_one_inbox_click(client_for, alice, conversation):
    conversation, _passphrase = conversation
    page = post_with_token(
        client_for(alice), act(conversation, "case"), {"case-version": conversation.version, "case-kind": "exit"}
    )
    conversation.refresh_from_db()
    assert conversation.case is None
    assert page.status_code == 200


def test_a_conversation_of_a_high_protection_case_is_as_hidden_as_the_case(client_for, alice, bob, conversation):
    from beistand.cases.choices import ProtectionLevel

    conversation, _passphrase = conversation
    post_with_token(client_for(alice), act(conversation, "case"), {"case-version": 1, "case-kind": "victim"})
    conversation.refresh_from_db()
    case = conversation.case
    case.protection_level = ProtectionLevel.HIGH
    case.save()
    assert client_for(bob).get(detail(conversation)).status_code == 404
    assert str(conversation.public_id) not in client_for(bob).get(reverse("inbox:list")).content.decode()
    assert client_for(alice).get(detail(conversation)).status_code == 200
