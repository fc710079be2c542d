"""The audit viewer: who sees which events, filters, pages, names — and nothing else."""

from __future__ import annotations

import uuid
from datetime import timedelta
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.accounts.models import Membership, Role
from beistand.accounts.tests.html_checks import check_page
from beistand.audit.context import acting_as
from beistand.audit.events import record
from beistand.audit.models import Action, AuditEvent, Category

pytestmark = pytest.mark.django_db
URL = "/en/staff/audit/"


def write(user, action, *, centre=None, category=None, object_id="", object_type="cases.case",
          days_ago=0):
    """An event by `user` (None: the system), optionally in the past."""
    moment = timezone.now() - timedelta(days=days_ago)
    with mock.patch("django.utils.timezone.now", return_value=moment), acting_as(user):
        return record(action, object_type=object_type, object_id=object_id or uuid.uuid4().hex,
                      centre_id=centre.public_id if centre else None, category=category)


def shown(response) -> set[str]:
    assert response.status_code == 200
    return {row.event.object_id for row in response.context["rows"]}


@pytest.fixture
def log(alice, bob, carol, lena, ada, backup, rheinland):
    """Events of both centres, personal and technical, by members and outsiders."""
    return {
        "alice_reads_backup_case": write(alice, Action.READ, centre=backup, object_id="a1"),
        "alice_signs_in": write(alice, Action.LOGIN, object_id="a2"),
        "bob_exports_backup_case": write(bob, Action.EXPORT, centre=backup, object_id="b1"),
        "carol_reads_rheinland_case": write(carol, Action.READ, centre=rheinland, object_id="c1"),
        "carol_signs_in": write(carol, Action.LOGIN, object_id="c2"),
        "ada_grants_role_in_backup": write(ada, Action.ROLE_GRANTED, centre=backup,
                                           category=Category.TECHNICAL, object_id="d1"),
        "ada_changes_rheinland_entry": write(ada, Action.CHANGE, centre=rheinland,
                                             category=Category.TECHNICAL, object_id="d2"),
        "system_decrypts_backup_case": write(None, Action.DECRYPT, centre=backup, object_id="s1"),
    }


# --- Who sees what ------------------------------------------------------------------------------

def test_lead_sees_the_centre_and_its_staff(client_for, lena, log):
    assert shown(client_for(lena).get(URL)) == {"a1", "a2", "b1", "d1", "s1"}


def test_lead_does_not_see_a_colleagues_work_in_another_centre(client_for, lena, alice, rheinland, log):
    Membership.objects.create(user=alice, role=Role.COUNSELLOR, centre=rheinland)
    write(alice, Action.READ, centre=rheinland, object_id="a3")
    assert "a3" not in shown(client_for(lena).get(URL))


def test_admin_sees_technical_events_only(client_for, ada, log):
    assert shown(client_for(ada).get(URL)) == {"a2", "c2", "d1", "d2"}


def test_admin_who_leads_a_centre_sees_both(client_for, ada, backup, log):
    Membership.objects.create(user=ada, role=Role.LEAD, centre=backup)
    assert shown(client_for(ada).get(URL)) == {"a1", "a2", "b1", "c2", "d1", "d2", "s1"}


@pytest.mark.parametrize("persona", ["alice", "carol", "kai", "paul"])
def test_everybody_else_gets_404(client_for, persona, request, log):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_deactivated_lead_gets_nothing(client_for, lena, log):
    client = client_for(lena)
    lena.is_active = False
    lena.save()
    assert client.get(URL).status_code in (302, 404)


def test_navigation_shows_the_audit_log_to_leads_and_admins_only(client_for, lena, ada, alice, kai):
    for persona, visible in ((lena, True), (ada, True), (alice, False), (kai, False)):
        page = client_for(persona).get("/en/staff/").content.decode()
        assert (f'href="{URL}"' in page) is visible, persona


def test_navigation_follows_a_lost_lead_role_after_a_visit(client_for, lena):
    client = client_for(lena)
    Membership.objects.filter(user=lena).update(role=Role.COUNSELLOR)
    assert client.get(URL).status_code == 404
    assert f'href="{URL}"' not in client.get("/en/staff/").content.decode()


# --- What a row shows -----------------------------------------------------------------------------

def test_names_instead_of_ids_and_deleted_accounts(client_for, lena, bob, backup):
    write(bob, Action.READ, centre=backup, object_id="b9")
    lost = write(bob, Action.LOGIN, object_type="accounts.user", object_id=str(bob.public_id))
    Membership.objects.filter(user=bob).delete()
    html = client_for(lena).get(URL).content.decode()
    assert "Bob" in html and "BackUp" in html
    bob.delete()
    response = client_for(lena).get(URL)
    rows = {row.event.object_id: row for row in response.context["rows"]}
    assert rows["b9"].actor == "deleted account"
    assert str(lost.object_id) not in rows  # no longer a member, no centre: gone from Lena's view
    assert "Bob" not in response.content.decode()


def test_the_page_is_accessible_and_in_the_workspace(client_for, lena, log):
    html = client_for(lena).get(URL).content.decode()
    check_page(html)
    assert "<caption>" in html and '<th scope="col">' in html
    assert 'aria-current="page"' in html


def test_viewing_is_recorded_with_the_filter_names_not_values(client_for, lena, alice, log):
    client_for(lena).get(URL, {"person": str(alice.public_id), "object_id": "a1", "page": "1"})
    event = AuditEvent.objects.filter(action=Action.READ, object_type="audit.auditevent").get()
    assert event.actor_id == lena.public_id
    assert event.category == Category.TECHNICAL
    assert event.fields == ["object_id", "person"]
    assert str(alice.public_id) not in event.fields


# --- Filters ------------------------------------------------------------------------------------

def test_filter_by_person(client_for, lena, alice, log):
    response = client_for(lena).get(URL, {"person": str(alice.public_id)})
    assert shown(response) == {"a1", "a2"}


def test_person_choices_are_the_centres_staff(client_for, lena, log):
    choices = dict(client_for(lena).get(URL).context["filters"].fields["person"].choices)
    assert set(choices.values()) == {"Everybody", "Alice", "Bob", "Lena"}


def test_a_person_outside_the_centre_is_refused(client_for, lena, carol, log):
    response = client_for(lena).get(URL, {"person": str(carol.public_id)})
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert response.context["rows"] == []


def test_filter_by_action_and_object(client_for, lena, backup, log):
    client = client_for(lena)
    assert shown(client.get(URL, {"action": "export"})) == {"b1"}
    assert shown(client.get(URL, {"object_id": "a1"})) == {"a1"}
    centre_id = str(backup.public_id)
    write(lena, Action.CHANGE, centre=backup, object_type="network.centre", object_id=centre_id)
    assert shown(client.get(URL, {"object_type": "network.centre"})) == {centre_id}
    assert shown(client.get(URL, {"object_type": "network.centre", "object_id": "a1"})) == set()


def test_an_unknown_object_type_is_explained(client_for, lena, log):
    response = client_for(lena).get(URL, {"object_type": "cases.nonsense"})
    assert response.context["filters"].errors and response.context["rows"] == []


def test_filter_by_date_range(client_for, lena, backup):
    for days in (0, 5, 10):
        write(lena, Action.READ, centre=backup, object_id=f"day{days}", days_ago=days)
    today = timezone.localdate()
    response = client_for(lena).get(URL, {
        "date_from": (today - timedelta(days=7)).isoformat(), "date_to": (today - timedelta(days=1)).isoformat(),
    })
    assert shown(response) == {"day5"}
    # Today: the event of day 0 and Lena's earlier look at the log (no object id).
    assert shown(client_for(lena).get(URL, {"date_from": today.isoformat()})) == {"day0", ""}


@pytest.mark.parametrize("bad", ["31.02.2025", "yesterday", "0001-01-01", "99999-01-01", "2025-13-01"])
def test_a_bad_date_is_explained_and_kept(client_for, lena, log, bad):
    response = client_for(lena).get(URL, {"date_from": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in html
    assert f'value="{bad}"' in html
    assert 'aria-invalid="true"' in html
    assert response.context["rows"] == []
    check_page(html)


def test_an_end_before_the_start_is_explained(client_for, lena, log):
    response = client_for(lena).get(URL, {"date_from": "2025-03-10", "date_to": "2025-03-01"})
    assert "The end date lies before the start date." in response.content.decode()


# --- Pages and queries ----------------------------------------------------------------------------

def many_events(user, centre, count: int) -> None:
    """`count` reads in one insert; they share a time, so their ids order them (newest highest)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(category=Category.PERSONAL, action=Action.READ, actor_id=user.public_id,
                   actor_role="counsellor", centre_id=centre.public_id, object_type="cases.case",
                   object_id=f"n{number:03d}")
        for number in range(count)
    )


def test_fifty_per_page_newest_first(client_for, lena, alice, backup):
    many_events(alice, backup, 120)
    client = client_for(lena)
    first = client.get(URL)
    ids = [row.event.object_id for row in first.context["rows"]]
    assert len(ids) == 50 and ids[0] == "n119" and ids[-1] == "n070"
    third = client.get(URL, {"page": "3"})
    assert [row.event.object_id for row in third.context["rows"]][-1] == "n000"
    html = first.content.decode()
    assert "page=2" in html and 'rel="next"' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999999999999999999", "", "1.5"])
def test_odd_page_numbers_give_a_page(client_for, lena, alice, backup, page):
    many_events(alice, backup, 60)
    assert client_for(lena).get(URL, {"page": page}).status_code == 200


def test_a_page_costs_the_same_few_queries_whatever_it_holds(client_for, lena, alice, bob, backup,
                                                              django_assert_max_num_queries):
    client = client_for(lena)
    write(alice, Action.READ, centre=backup)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    many_events(alice, backup, 60)
    many_events(bob, backup, 60)
    for _round in range(5):
        write(bob, Action.LOGIN, object_type="accounts.user", object_id=str(bob.public_id))
        write(None, Action.CHANGE, centre=backup, object_type="network.centre",
              object_id=str(backup.public_id), category=Category.TECHNICAL)
    # Session, user, second factor, scope, staff, count, page, names, centres, role, the
    # viewing event, the session's save (and the test transaction's savepoints around it).
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as many:
        client.get(URL, {"action": "read", "date_from": "2000-01-01", "page": "2"})
    assert len(many) == len(few)


# --- Never a 500 ----------------------------------------------------------------------------------

query_values = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(["", "2025-02-30", "0001-01-01", "9999-12-31", "read", "accounts.user", "1",
                     "a\x00b", str(uuid.UUID(int=0))]),
)


@pytest.mark.parametrize("field", ["person", "action", "object_type", "object_id", "date_from", "page"])
def test_a_nul_character_is_refused_not_sent_to_the_database(client_for, lena, field):
    # PostgreSQL refuses NUL in text; the form must catch it first.
    assert client_for(lena).get(URL, {field: "a\x00b"}).status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(
    st.sampled_from(["person", "action", "object_type", "object_id", "date_from", "date_to", "page",
                     "other"]),
    query_values, max_size=7,
))
def test_any_query_string_gives_a_page(client_for, lena, params):
    response = client_for(lena).get(f"{URL}?{urlencode(params)}")
    assert response.status_code == 200
