"""Audit events name actor, role, centre and object — never content."""

import pytest
from django.test import Client

from beistand.audit.context import acting_as, current_actor
from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent, Category


@pytest.mark.django_db
def test_event_outside_a_request_is_the_systems(backup):
    event = record(Action.CHANGE, obj=backup, centre_id=backup.public_id, fields=["name", "name", "phone"])
    assert event.actor_role == "system"
    assert event.actor_id is None
    assert event.object_type == "network.centre"
    assert event.object_id == str(backup.public_id)
    assert event.fields == ["name", "phone"]
    assert event.category == Category.PERSONAL


@pytest.mark.django_db
def test_event_inside_acting_as_names_user_and_roles(lena, alice):
    with acting_as(lena) as actor:
        event = record(Action.PERMISSION_CHANGE, obj=alice)
        assert current_actor() is actor
    assert event.actor_id == lena.public_id
    assert event.actor_role == "lead"
    assert event.category == Category.TECHNICAL
    assert event.request_id == actor.request_id


@pytest.mark.django_db
def test_each_request_gets_its_own_request_id(alice):
    seen = []

    def capture(request):
        from django.http import HttpResponse
        seen.append(current_actor())
        return HttpResponse("ok")

    from beistand.audit.context import AuditContextMiddleware

    client = Client()
    client.force_login(alice)
    request = client.get("/de/").wsgi_request
    AuditContextMiddleware(capture)(request)
    AuditContextMiddleware(capture)(request)
    assert seen[0].user_id == alice.public_id and seen[0].role == "counsellor"
    assert seen[0].request_id != seen[1].request_id
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_decryptions_are_written_once_per_object_when_the_work_ends(alice, backup, rheinland):
    from beistand.audit.events import note_decryption

    with acting_as(alice):
        note_decryption(backup, "name", backup.public_id)
        note_decryption(backup, "phone", backup.public_id)
        note_decryption(rheinland, "name", rheinland.public_id)
        assert AuditEvent.objects.count() == 0
    events = {e.object_id: e for e in AuditEvent.objects.filter(action=Action.DECRYPT)}
    assert set(events) == {str(backup.public_id), str(rheinland.public_id)}
    assert events[str(backup.public_id)].fields == ["name", "phone"]
    assert events[str(backup.public_id)].actor_id == alice.public_id


@pytest.mark.django_db
def test_decryption_outside_any_request_is_written_at_once(backup):
    from beistand.audit.events import note_decryption

    note_decryption(backup, "name", backup.public_id)
    assert AuditEvent.objects.get().actor_role == "system"
