"""Demo cases: made for the demo personas like the workspace makes cases, once, and never in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from beistand.accounts.models import User
from beistand.audit.models import Action, AuditEvent
from beistand.cases import access
from beistand.cases.models import (
    Case,
    CasePerson,
    Consent,
    CounsellingSession,
    Deadline,
    Incident,
    Notice,
    Person,
    Referral,
)
from beistand.demo import network as demo_network
from beistand.demo.cases import DEMO_CASES, create_demo_cases
from beistand.demo.personas import DemoRefused, create_personas
from beistand.keys.models import Purpose
from beistand.keys.testing import database_holds
from beistand.network.tests.factories import ensure_nrw_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas() -> dict[str, User]:
    ensure_nrw_regions()
    demo_network.load_demo_network()
    create_personas()
    return {user.display_name.lower(): user for user in User.objects.all()}


def snapshot() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Case, Person, CasePerson, Incident, CounsellingSession, Consent, Referral,
                          Deadline, Notice, AuditEvent)}


def test_the_demo_cases_belong_to_the_personas(personas):
    cases = create_demo_cases()
    assert len(cases) == len(DEMO_CASES) >= 4
    alice, bob, carol = personas["alice"], personas["bob"], personas["carol"]
    assert set(alice.assigned_cases.values_list("centre__slug", flat=True)) == {"backup"}
    assert bob.assigned_cases.exists()
    assert Case.objects.filter(assigned=alice).filter(assigned=bob).exists()  # one case both work on
    assert set(carol.assigned_cases.values_list("centre__slug", flat=True)) == {"opferberatung-rheinland"}
    # Isolation holds for demo cases too: Carol sees only Rheinland's, the coordinator none.
    assert set(access.visible_cases(carol)) == set(Case.objects.filter(centre__slug="opferberatung-rheinland"))
    assert not access.visible_cases(personas["kai"]).exists()
    assert set(access.visible_cases(personas["lena"])) == set(Case.objects.filter(centre__slug="backup"))


def test_running_twice_creates_nothing_more(personas):
    first_cases = create_demo_cases()
    before = snapshot()
    again = create_demo_cases()
    assert snapshot() == before
    assert [case.pk for case in again] == [case.pk for case in first_cases]


def test_a_demo_case_is_a_full_file(personas):
    create_demo_cases()
    case = Case.objects.select_related("data_key", "centre").get(public_id=DEMO_CASES[0].public_id)
    assert case.data_key.purpose == Purpose.CASE
    assert case.participants.count() == 2
    assert case.sessions.count() == 2 and case.incidents.count() == 1
    assert case.accompaniments.count() == 1 and case.deadlines.count() == 1
    referral = case.referrals.select_related("consent").get()
    assert referral.shares_data and referral.consent is not None and referral.consent.given
    # The deadline runs from the incident, as the law gives it (3 months for a criminal complaint).
    deadline = case.deadlines.get()
    assert deadline.event_on == case.incidents.get().occurred_on and deadline.due_on > deadline.event_on
    for session in case.sessions.all():
        session.case = case
        assert session.held_on >= case.opened_on and session.note


def test_demo_texts_are_stored_encrypted(personas):
    create_demo_cases()
    case = Case.objects.select_related("data_key", "centre").get(public_id=DEMO_CASES[0].public_id)
    session = case.sessions.first()
    session.case = case
    for text in (case.title, session.note, DEMO_CASES[0].persons[0].pseudonym, DEMO_CASES[0].incident.place):
        assert database_holds(text) == []
    assert database_holds(case.reference)  # the search finds what is stored in plain text


def test_each_demo_object_leaves_its_creation_event_and_the_counsellors_a_notice(personas):
    cases = create_demo_cases()
    created = AuditEvent.objects.filter(action=Action.CREATE)
    assert set(created.filter(object_type="cases.case").values_list("object_id", flat=True)) == {
        str(case.public_id) for case in cases
    }
    assert created.filter(object_type="cases.counsellingsession").count() == CounsellingSession.objects.count()
    assert Notice.objects.filter(recipient=personas["alice"]).count() == personas["alice"].assigned_cases.count()


def test_load_demo_loads_the_cases_and_lists_their_references(db):
    ensure_nrw_regions()
    out = StringIO()
    call_command("load_demo", stdout=out)
    references = Case.objects.order_by("pk").values_list("reference", flat=True)
    assert len(references) == len(DEMO_CASES)
    assert f"Demo cases (all invented): {', '.join(references)}" in out.getvalue()


def test_no_demo_cases_in_production(personas, settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoRefused):
        create_demo_cases()
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not Case.objects.exists()
