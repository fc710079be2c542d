"""Deadlines and tasks: the legal computation, the form's bad-input answers, saving, done and reopen."""

from __future__ import annotations

import calendar
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from beistand.audit.models import Action, AuditEvent
from beistand.cases import deadlines as rules
from beistand.cases.choices import CaseStatus, DeadlineKind, ProtectionLevel
from beistand.cases.forms.deadlines import DeadlineForm, assignable_users
from beistand.cases.models import Deadline
from beistand.cases.testing import make_case
from beistand.cases.tests.test_care_helpers import post, url
from beistand.keys.testing import database_holds

D = datetime.date
TODAY = timezone.localdate
dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))


@pytest.fixture(autouse=True)
def english():
    """The tests read the English source texts."""
    with translation.override("en"):
        yield


# --- The computation (deadlines.py) ------------------------------------------------------------


@given(start=dates, months=st.integers(min_value=1, max_value=36))
def test_a_period_in_months_ends_on_the_same_day_number_or_the_last_day_of_a_shorter_month(start, months):
    end = rules.add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    last_day = calendar.monthrange(end.year, end.month)[1]
    assert end.day == min(start.day, last_day)
    assert end > start


@given(first=dates, second=dates, months=st.integers(min_value=1, max_value=12))
def test_a_later_event_never_gives_an_earlier_end(first, second, months):
    early, late = sorted([first, second])
    assert rules.add_months(early, months) <= rules.add_months(late, months)


@pytest.mark.parametrize(("kind", "event", "due"), [
    (DeadlineKind.AGG_CLAIM, D(2025, 3, 15), D(2025, 5, 15)),
    (DeadlineKind.AGG_CLAIM, D(2025, 12, 31), D(2026, 2, 28)),
    (DeadlineKind.AGG_CLAIM, D(2023, 12, 31), D(2024, 2, 29)),
    (DeadlineKind.CRIMINAL_COMPLAINT, D(2025, 11, 30), D(2026, 2, 28)),
    (DeadlineKind.CRIMINAL_COMPLAINT, D(2025, 1, 31), D(2025, 4, 30)),
    (DeadlineKind.REMOVAL_ORDER_END, D(2025, 12, 25), D(2026, 1, 4)),
    (DeadlineKind.HEARING, D(2026, 6, 1), D(2026, 6, 1)),
])
def test_due_dates_of_the_legal_kinds(kind, event, due):
    assert rules.due_date(kind, event) == due


def test_one_month_from_31_january_is_the_end_of_february():
    assert rules.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert rules.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_tasks_have_no_computed_date_and_the_calendar_end_is_refused_cleanly():
    with pytest.raises(ValueError, match="no computed due date"):
        rules.due_date(DeadlineKind.TASK, D(2025, 1, 1))
    with pytest.raises(rules.OutOfRange):
        rules.add_months(D(9999, 12, 1), 1)
    with pytest.raises(rules.OutOfRange):
        rules.due_date(DeadlineKind.REMOVAL_ORDER_END, D(9999, 12, 30))


# --- The form -----------------------------------------------------------------------------------


def form_for(case, **data) -> DeadlineForm:
    values = {"kind": DeadlineKind.TASK, "remind_days_before": "3", **data}
    return DeadlineForm(values, instance=Deadline(case=case), case=case)


@pytest.mark.django_db
def test_the_form_computes_legal_deadlines_and_takes_a_date_only_for_tasks(backup, alice):
    case = make_case(backup, assigned=[alice])
    event = TODAY() - datetime.timedelta(days=10)
    form = form_for(case, kind=DeadlineKind.CRIMINAL_COMPLAINT, event_on=event.isoformat())
    assert form.is_valid(), form.errors
    assert form.computed_due == rules.add_months(event, 3)

    stated = form_for(case, kind=DeadlineKind.AGG_CLAIM, event_on=event.isoformat(), due_on="2099-01-01")
    assert not stated.is_valid()
    assert "Only tasks take a stated due date" in str(stated.errors["due_on"])

    task = form_for(case, title="Call the lawyer", due_on=(TODAY() + datetime.timedelta(days=2)).isoformat())
    assert task.is_valid(), task.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": DeadlineKind.AGG_CLAIM, "event_on": "2999-01-01"}, "event_on", "cannot lie in the future"),
    ({"kind": DeadlineKind.CRIMINAL_COMPLAINT, "event_on": "2999-01-01"}, "event_on", "cannot lie in the future"),
    ({"kind": DeadlineKind.CRIMINAL_COMPLAINT}, "event_on", "Enter the date of the event"),
    ({"kind": DeadlineKind.TASK, "due_on": "2030-01-01"}, "title", "Say what is to be done"),
    ({"kind": DeadlineKind.TASK, "title": "x"}, "due_on", "Enter the date by which"),
    ({"kind": DeadlineKind.TASK, "title": "x", "event_on": "2030-01-10", "due_on": "2030-01-09"},
     "due_on", "cannot lie before its event"),
    ({"kind": DeadlineKind.TASK, "title": "x", "due_on": "31.02.2030"}, "due_on", "Enter a valid date"),
    ({"kind": DeadlineKind.HEARING, "event_on": "2030-01-01", "remind_days_before": "400"},
     "remind_days_before", "less than or equal to 60"),
])
def test_bad_input_gets_a_clear_message_on_its_field(backup, data, field, message):
    form = form_for(make_case(backup), **data)
    assert not form.is_valid()
    assert message in str(form.errors[field])


@pytest.mark.django_db
def test_a_removal_order_recorded_on_the_case_prefills_the_form(backup):
    case = make_case(backup, removal_order_ends_on=D(2026, 3, 20))
    form = DeadlineForm(instance=Deadline(case=case), case=case)
    assert form.initial["kind"] == DeadlineKind.REMOVAL_ORDER_END
    assert form.initial["event_on"] == D(2026, 3, 10)
    assert rules.due_date(DeadlineKind.REMOVAL_ORDER_END, form.initial["event_on"]) == D(2026, 3, 20)


@pytest.mark.django_db
def test_only_those_who_may_open_a_protected_case_can_be_made_responsible(backup, alice, bob, lena, carol):
    normal = make_case(backup, assigned=[alice])
    protected = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    assert set(assignable_users(normal)) == {alice, bob, lena}
    assert set(assignable_users(protected)) == {alice, lena}


# --- The views ------------------------------------------------------------------------------------


def new_deadline_data(**data) -> dict:
    return {"kind": DeadlineKind.CRIMINAL_COMPLAINT, "event_on": (TODAY() - datetime.timedelta(days=3)).isoformat(),
            "due_on": "", "title": "", "assigned_to": "", "remind_days_before": "5", **data}


@pytest.mark.django_db
def test_alice_adds_a_deadline_with_an_encrypted_title(backup, alice, client_for):
    case = make_case(backup, assigned=[alice])
    client = client_for(alice)
    response = post(client, url("cases:deadline_create", case.public_id),
                           new_deadline_data(title="Anzeige wegen Markerbeleidigung"))
    assert response.status_code == 302
    assert response["Location"] == url("cases:case_detail", case.public_id) + "#care"
    deadline = case.deadlines.get()
    assert deadline.due_on == rules.add_months(TODAY() - datetime.timedelta(days=3), 3)
    assert (deadline.remind_days_before, deadline.assigned_to) == (5, None)
    assert not database_holds("Markerbeleidigung")
    assert Deadline.objects.get(pk=deadline.pk).title == "Anzeige wegen Markerbeleidigung"
    created = AuditEvent.objects.get(action=Action.CREATE, object_id=str(deadline.public_id))
    assert "title" in created.fields and created.centre_id == backup.public_id
    page = client.get(url("cases:case_detail", case.public_id)).content.decode()
    assert "Anzeige wegen Markerbeleidigung" in page
    assert url("cases:deadline_done", case.public_id, deadline.public_id) in page


@pytest.mark.django_db
def test_show_the_due_date_computes_without_saving(backup, alice, client_for):
    case = make_case(backup, assigned=[alice])
    event = TODAY() - datetime.timedelta(days=1)
    response = post(client_for(alice), url("cases:deadline_create", case.public_id),
                                      new_deadline_data(kind=DeadlineKind.REMOVAL_ORDER_END,
                                                        event_on=event.isoformat(), preview="1"))
    assert response.status_code == 200
    assert response.context["computed_due"] == event + datetime.timedelta(days=10)
    assert "Nothing has been saved yet" in response.content.decode()
    assert not case.deadlines.exists()


@pytest.mark.django_db
def test_an_event_in_the_future_is_refused_and_the_input_kept(backup, alice, client_for):
    case = make_case(backup, assigned=[alice])
    response = post(client_for(alice), url("cases:deadline_create", case.public_id),
                                      new_deadline_data(kind=DeadlineKind.AGG_CLAIM, event_on="2999-05-01",
                                                        title="Markerentwurf"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot lie in the future" in page
    assert 'href="#id_event_on"' in page  # the error summary links to the field
    assert 'value="2999-05-01"' in page and 'value="Markerentwurf"' in page
    assert not case.deadlines.exists()


@pytest.mark.django_db
def test_an_edit_moves_the_date_and_asks_for_a_new_reminder(backup, alice, client_for):
    case = make_case(backup, assigned=[alice])
    deadline = Deadline(case=case, kind=DeadlineKind.TASK, due_on=TODAY(), title="Alt",
                        reminded_at=timezone.now())
    deadline.save()
    new_due = TODAY() + datetime.timedelta(days=7)
    response = post(client_for(alice),
        url("cases:deadline_edit", case.public_id, deadline.public_id),
        new_deadline_data(kind=DeadlineKind.TASK, event_on="", due_on=new_due.isoformat(), title="Neu",
                          remind_days_before="3", version=str(deadline.version)),
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.title, deadline.reminded_at, deadline.version) == (new_due, "Neu", None, 2)
    changed = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(deadline.public_id))
    assert set(changed.fields) == {"due_on", "title"}


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_nothing_is_lost(backup, alice, bob, client_for):
    case = make_case(backup, assigned=[alice, bob])
    deadline = Deadline(case=case, kind=DeadlineKind.TASK, due_on=TODAY(), title="Erste Fassung")
    deadline.save()
    loaded_version = deadline.version
    # Bob saves first ...
    deadline.title = "Bobs Fassung"
    deadline.save_checked(loaded_version)
    # ... then Alice sends the form she loaded before.
    response = post(client_for(alice),
        url("cases:deadline_edit", case.public_id, deadline.public_id),
        new_deadline_data(kind=DeadlineKind.TASK, event_on="", due_on=TODAY().isoformat(),
                          title="Alices Fassung", version=str(loaded_version)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record in the meantime" in page
    assert 'value="Alices Fassung"' in page
    assert Deadline.objects.get(pk=deadline.pk).title == "Bobs Fassung"


@pytest.mark.django_db
def test_done_and_open_again(backup, alice, client_for):
    case = make_case(backup, assigned=[alice])
    deadline = Deadline(case=case, kind=DeadlineKind.HEARING, event_on=TODAY(), due_on=TODAY())
    deadline.save()
    client = client_for(alice)
    done_url = url("cases:deadline_done", case.public_id, deadline.public_id)

    response = post(client, done_url, {"done": "1", "next": url("cases:my_week")})
    assert response["Location"] == url("cases:my_week")
    deadline.refresh_from_db()
    assert deadline.is_done
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(deadline.public_id),
                                     fields=["done_at"]).count() == 1

    response = post(client, done_url, {"done": "0", "next": "https://elsewhere.example/"})
    assert response["Location"] == url("cases:case_detail", case.public_id) + "#care"
    deadline.refresh_from_db()
    assert not deadline.is_done
    assert client.get(done_url).status_code == 405


@pytest.mark.django_db
def test_a_closed_case_refuses_new_and_changed_deadlines(backup, alice, client_for):
    case = make_case(backup, assigned=[alice])
    deadline = Deadline(case=case, kind=DeadlineKind.TASK, due_on=TODAY(), title="Offen")
    deadline.save()
    case.status, case.closed_on = CaseStatus.CLOSED, TODAY()
    case.save()
    client = client_for(alice)
    for address, data in [
        (url("cases:deadline_create", case.public_id), new_deadline_data()),
        (url("cases:deadline_edit", case.public_id, deadline.public_id), new_deadline_data(title="Neu")),
        (url("cases:deadline_done", case.public_id, deadline.public_id), {"done": "1"}),
    ]:
        response = post(client, address, data, follow=True)
        assert "This case is closed and can no longer be changed." in response.content.decode()
    deadline.refresh_from_db()
    assert (deadline.title, deadline.is_done, case.deadlines.count()) == ("Offen", False, 1)


@pytest.mark.django_db
def test_a_deadline_is_only_reached_through_its_own_case(backup, alice, client_for):
    own, other = make_case(backup, assigned=[alice]), make_case(backup, assigned=[alice])
    deadline = Deadline(case=other, kind=DeadlineKind.TASK, due_on=TODAY(), title="x")
    deadline.save()
    client = client_for(alice)
    assert client.get(url("cases:deadline_edit", own.public_id, deadline.public_id)).status_code == 404
    assert post(client, url("cases:deadline_done", own.public_id, deadline.public_id), {"done": "1"}).status_code == 404
    assert not Deadline.objects.get(pk=deadline.pk).is_done


@pytest.mark.django_db
def test_the_case_page_section_costs_the_same_queries_for_many_deadlines(
    backup, alice, client_for, django_assert_max_num_queries
):
    case = make_case(backup, assigned=[alice])
    client = client_for(alice)
    address = url("cases:case_detail", case.public_id)

    def add(numbers: range) -> None:
        for number in numbers:
            Deadline(case=case, kind=DeadlineKind.TASK, due_on=TODAY(), title=f"Aufgabe {number}").save()

    add(range(1))
    client.get(address)  # warms up per-session work (e.g. the session row)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    add(range(1, 15))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(address).content.decode()
    assert "Aufgabe 14" in page
