"""The role an audit event records is cached in the session, and a role change shows at once.

Each test signs in through the real middleware stack and opens a small view
that writes a read event, as a case page does; the URLs live in this module.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from beistand.accounts import actions as account_actions
from beistand.accounts.models import Membership, Role
from beistand.audit import context
from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def read_one_record(request: HttpRequest) -> HttpResponse:
    record(Action.READ, object_type="cases.case", object_id="0000", centre_id=None)
    return HttpResponse("read")


urlpatterns = [path("read/", read_one_record)]


def audited_role(client) -> str:
    """Opens the audited view once and returns the role its event recorded."""
    assert client.get("/read/").status_code == 200
    return AuditEvent.objects.filter(action=Action.READ).latest("id").actor_role


def membership_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/read/")
    return sum("accounts_membership" in query["sql"] for query in queries.captured_queries)


def test_the_role_is_looked_up_once_and_then_read_from_the_session(alice, client_for):
    client = client_for(alice)
    assert membership_queries(client) == 1
    assert membership_queries(client) == 0
    assert membership_queries(client) == 0
    assert list(AuditEvent.objects.filter(action=Action.READ).values_list("actor_role", flat=True)) == [
        "counsellor"
    ] * 3


def test_a_granted_role_is_recorded_by_the_next_request(alice, ada, backup, client_for):
    client = client_for(alice)
    assert audited_role(client) == "counsellor"
    account_actions.add_membership(ada, alice, role=Role.LEAD, centre=backup)
    assert audited_role(client) == "counsellor+lead"


def test_a_revoked_role_is_recorded_by_the_next_request(lena, ada, client_for):
    client = client_for(lena)
    assert audited_role(client) == "lead"
    account_actions.remove_membership(ada, Membership.objects.get(user=lena))
    assert audited_role(client) == "none"


def test_a_membership_deleted_with_its_centre_is_forgotten_too(carol, rheinland, client_for):
    client = client_for(carol)
    assert audited_role(client) == "counsellor"
    rheinland.delete()  # memberships go by cascade, which sends post_delete too
    assert audited_role(client) == "none"


def test_a_change_reaches_every_session_of_the_account_and_no_other(alice, bob, ada, backup, client_for):
    laptop, phone, colleague = client_for(alice), client_for(alice), client_for(bob)
    for client in (laptop, phone, colleague):
        audited_role(client)
    account_actions.add_membership(ada, alice, role=Role.LEAD, centre=backup)
    assert audited_role(laptop) == "counsellor+lead"
    assert audited_role(phone) == "counsellor+lead"
    # Bob's cached roles were left alone: his next request needs no role query.
    assert membership_queries(colleague) == 0


def test_admin_status_is_never_cached(alice, client_for):
    client = client_for(alice)
    assert audited_role(client) == "counsellor"
    alice.is_admin = True
    alice.save(update_fields=["is_admin"])
    assert audited_role(client) == "admin+counsellor"
    alice.is_admin = False
    alice.save(update_fields=["is_admin"])
    assert audited_role(client) == "counsellor"


def test_cached_roles_expire(alice, client_for, monkeypatch):
    client = client_for(alice)
    audited_role(client)
    later = context.time.time() + context.ROLE_CACHE_SECONDS + 1
    monkeypatch.setattr(context.time, "time", lambda: later)
    assert membership_queries(client) == 1


def test_a_stale_entry_written_back_by_a_running_request_is_bounded_by_its_expiry(
    alice, ada, backup, client_for, monkeypatch
):
    # A request that loaded the session before the grant saves it after: the old entry returns.
    client = client_for(alice)
    audited_role(client)
    session = Session.objects.get()
    stale = session.session_data
    account_actions.add_membership(ada, alice, role=Role.LEAD, centre=backup)
    Session.objects.filter(pk=session.pk).update(session_data=stale)
    assert audited_role(client) == "counsellor"  # the documented window
    later = context.time.time() + context.ROLE_CACHE_SECONDS + 1
    monkeypatch.setattr(context.time, "time", lambda: later)
    assert audited_role(client) == "counsellor+lead"


def test_forgetting_keeps_the_session_and_its_expiry(alice, ada, backup, client_for):
    client = client_for(alice)
    audited_role(client)
    before = Session.objects.get()
    assert context.forget_cached_roles(alice.pk) == 1
    after = Session.objects.get()
    assert after.expire_date == before.expire_date
    decoded = after.get_decoded()
    assert context.ROLE_SESSION_KEY not in decoded
    assert decoded["_auth_user_id"] == str(alice.pk)  # still signed in
    assert context.forget_cached_roles(alice.pk) == 0


def test_a_session_taken_over_by_another_account_does_not_lend_its_roles(alice, lena, client_for):
    client = client_for(alice)
    assert audited_role(client) == "counsellor"
    client.force_login(lena)
    assert audited_role(client) == "lead"


def test_other_session_engines_query_each_time(alice, client_for, settings):
    client = client_for(alice)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    assert membership_queries(client) == 1
    assert membership_queries(client) == 1
    assert context.forget_cached_roles(alice.pk) == 0


def test_the_session_holds_roles_only_never_content(alice, client_for):
    client = client_for(alice)
    audited_role(client)
    entry = Session.objects.get().get_decoded()[context.ROLE_SESSION_KEY]
    assert set(entry) == {"user", "roles", "until"}
    assert entry["roles"] == ["counsellor"]
