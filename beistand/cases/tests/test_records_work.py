"""Sessions, accompaniments and court proceedings: saving, bad input, locking, privacy, audit, the case page section."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from beistand.audit.context import acting_as
from beistand.audit.models import Action, AuditEvent
from beistand.cases.choices import CaseStatus, SessionMode
from beistand.cases.models import Accompaniment, Case, CounsellingSession, CourtProceeding, Hearing
from beistand.cases.testing import make_case
from beistand.keys.testing import database_holds
from tests.case_routes.records import (
    make_accompaniment,
    make_consent,
    make_incident,
    make_person,
    make_proceeding,
    make_referral,
    make_session,
    page,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(backup, alice):
    return make_case(backup, assigned=[alice])


def session_data(counsellor, **changes) -> dict:
    return {"counsellor": counsellor.pk, "held_on": "2026-02-03", "duration_minutes": "60", "mode": SessionMode.OUTREACH_HOME,
            "language": "tr", "interpreter_used": "on", "note": "", **changes}


# --- Sessions -----------------------------------------------------------------------------------------


def test_alice_records_an_outreach_session_with_participants(client_for, alice, case):
    link = make_person(case, "Ayşe")
    response = post(client_for(alice), page("cases:session_create", case_id=case.public_id),
                    session_data(alice, participants=[str(link.public_id)], note="Gespräch in der Küche Markernotiz"))
    assert response.status_code == 302
    session = CounsellingSession.objects.get(case=case)
    assert session.is_outreach and session.interpreter_used and session.language == "tr"
    assert list(session.participants.all()) == [link]
    assert session.counsellor == alice  # the one recording it, unless another is chosen
    assert not database_holds("Markernotiz")
    assert session.note == "Gespräch in der Küche Markernotiz"
    event = AuditEvent.objects.get(action=Action.CREATE, object_id=str(session.public_id))
    assert {"held_on", "mode", "note", "participants"} <= set(event.fields)


def test_the_form_offers_the_persons_of_this_case_and_the_centres_counsellors(client_for, alice, bob, carol, backup, case):
    mine = make_person(case, "Ayşe")
    make_person(make_case(backup), "Fremde Person")
    form = client_for(alice).get(page("cases:session_create", case_id=case.public_id)).context["form"]
    assert list(form.fields["participants"].queryset) == [mine]
    assert set(form.fields["counsellor"].queryset) == {alice, bob}
    assert form["counsellor"].value() == alice.pk


def test_a_session_moves_the_last_contact_forward_never_back(client_for, alice, case):
    client = client_for(alice)
    post(client, page("cases:session_create", case_id=case.public_id), session_data(alice, held_on="2026-02-03"))
    assert Case.objects.get(pk=case.pk).last_contact_on == datetime.date(2026, 2, 3)
    post(client, page("cases:session_create", case_id=case.public_id), session_data(alice, held_on="2026-01-15"))
    assert Case.objects.get(pk=case.pk).last_contact_on == datetime.date(2026, 2, 3)
    # Saving the session does not count the case's own version up (its edit form stays valid).
    assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": "2999-12-31"}, "held_on", "The date cannot be in the future."),
        ({"duration_minutes": "0"}, "duration_minutes", "greater than or equal to 1"),
        ({"duration_minutes": "abc"}, "duration_minutes", "Enter a whole number."),
        ({"mode": "teleport"}, "mode", "Select a valid choice."),
        ({"participants": ["00000000-0000-0000-0000-000000000000"]}, "participants", "Select a valid choice."),
    ],
)
def test_bad_session_input_is_explained_and_kept(client_for, alice, case, changes, field, message):
    response = post(client_for(alice), page("cases:session_create", case_id=case.public_id),
                    session_data(alice, note="Markernotiz bleibt", **changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert "Markernotiz bleibt" in response.content.decode()
    assert not CounsellingSession.objects.exists()


def test_a_stale_session_edit_is_refused(client_for, alice, bob, case):
    session = make_session(case, note="alt")
    url = page("cases:session_edit", case_id=case.public_id, record_id=session.public_id)
    assert post(client_for(bob), url, session_data(bob, version=session.version, note="Bob")).status_code == 302
    response = post(client_for(alice), url, session_data(alice, version=session.version, note="Alice"))
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    session.refresh_from_db()
    assert session.note == "Bob"


def test_an_edit_without_the_version_is_refused(client_for, alice, case):
    session = make_session(case)
    url = page("cases:session_edit", case_id=case.public_id, record_id=session.public_id)
    response = post(client_for(alice), url, session_data(alice))
    assert response.status_code == 200
    assert "version" in response.context["form"].errors


def test_a_session_of_another_case_is_404(client_for, alice, backup, case):
    other = make_session(make_case(backup))
    assert client_for(alice).get(page("cases:session_edit", case_id=case.public_id, record_id=other.public_id)).status_code == 404


def test_closed_cases_get_no_new_records(client_for, alice, backup):
    closed = make_case(backup, assigned=[alice], status=CaseStatus.CLOSED, closed_on=timezone.localdate())
    client = client_for(alice)
    for name in ("session_create", "accompaniment_create", "proceeding_create", "referral_create", "consent_record"):
        response = client.get(page(f"cases:{name}", case_id=closed.public_id))
        assert response.status_code == 302, name
    response = post(client, page("cases:session_create", case_id=closed.public_id), session_data(alice))
    assert response.status_code == 302
    assert not CounsellingSession.objects.exists()


# --- Accompaniments --------------------------------------------------------------------------------------


def accompaniment_data(**changes) -> dict:
    return {"kind": "court", "held_on": "2026-02-10", "travel_cost": "0", "interpreter_cost": "0", "note": "",
            **changes}


@pytest.mark.parametrize(("typed", "amount"), [("12,50", "12.50"), ("1.234,50", "1234.50"), ("7.5", "7.50"),
                                               ("1.234", "1234.00"), (" 3 € ", "3.00")])
def test_costs_are_taken_the_way_people_type_them(client_for, alice, case, typed, amount):
    response = post(client_for(alice), page("cases:accompaniment_create", case_id=case.public_id),
                    accompaniment_data(travel_cost=typed, interpreter_cost="80,00"))
    assert response.status_code == 302
    accompaniment = Accompaniment.objects.get()
    assert (accompaniment.travel_cost, accompaniment.interpreter_cost) == (Decimal(amount), Decimal("80.00"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"travel_cost": "-5"}, "travel_cost", "greater than or equal to 0"),
        ({"interpreter_cost": "zehn"}, "interpreter_cost", "Enter a number."),
        ({"held_on": "2999-01-01"}, "held_on", "The date cannot be in the future."),
    ],
)
def test_bad_accompaniment_input_is_explained(client_for, alice, case, changes, field, message):
    response = post(client_for(alice), page("cases:accompaniment_create", case_id=case.public_id),
                    accompaniment_data(**changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Accompaniment.objects.exists()


def test_an_accompaniment_edit_is_audited_by_field_name(client_for, alice, case):
    accompaniment = make_accompaniment(case, held_on=datetime.date(2026, 2, 10))
    url = page("cases:accompaniment_edit", case_id=case.public_id, record_id=accompaniment.public_id)
    response = post(client_for(alice), url, accompaniment_data(version=accompaniment.version, travel_cost="9,90",
                                                               counsellor=""))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(accompaniment.public_id))
    assert "travel_cost" in event.fields and "note" not in event.fields


# --- Court proceedings ------------------------------------------------------------------------------------


def hearings(total: int, initial: int, rows: list[dict]) -> dict:
    data = {"hearings-TOTAL_FORMS": str(total), "hearings-INITIAL_FORMS": str(initial),
            "hearings-MIN_NUM_FORMS": "0", "hearings-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"hearings-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_proceeding_with_hearings_in_the_future_and_an_encrypted_file_number(client_for, alice, case):
    data = {"court": "Landgericht Dortmund", "file_number": "31 KLs 12/26 Markeraktenzeichen",
            "role": "joint_plaintiff", "is_running": "on", "note": "",
            **hearings(2, 0, [{"held_on": "2999-03-01"}, {"held_on": "2026-01-20"}])}
    response = post(client_for(alice), page("cases:proceeding_create", case_id=case.public_id), data)
    assert response.status_code == 302
    proceeding = CourtProceeding.objects.get()
    assert sorted(proceeding.hearings.values_list("held_on", flat=True)) == [
        datetime.date(2026, 1, 20), datetime.date(2999, 3, 1)]
    assert not database_holds("Markeraktenzeichen")
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(proceeding.public_id)).exists()


def test_a_hearing_is_removed_and_a_bad_date_explained(client_for, alice, case):
    proceeding = make_proceeding(case)
    kept = Hearing.objects.create(proceeding=proceeding, held_on=datetime.date(2026, 3, 1))
    gone = Hearing.objects.create(proceeding=proceeding, held_on=datetime.date(2026, 4, 1))
    url = page("cases:proceeding_edit", case_id=case.public_id, record_id=proceeding.public_id)
    base = {"court": "Amtsgericht Dortmund", "role": "joint_plaintiff", "is_running": "on",
            "version": proceeding.version}
    rows = [{"id": kept.pk, "proceeding": proceeding.pk, "held_on": "2026-03-01"},
            {"id": gone.pk, "proceeding": proceeding.pk, "held_on": "2026-04-01", "DELETE": "on"},
            {"held_on": "kein Datum"}]
    response = post(client_for(alice), url, {**base, **hearings(3, 2, rows)})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    rows[2]["held_on"] = ""
    response = post(client_for(alice), url, {**base, **hearings(3, 2, rows)})
    assert response.status_code == 302
    assert list(proceeding.hearings.all()) == [kept]
    event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(proceeding.public_id))
    assert event.fields == ["hearings"]


# --- The section on the case page --------------------------------------------------------------------------


def render_section(case: Case, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    # As in a request: the decryptions are audited in one write at the end.
    with translation.override("en"), acting_as(user, role="counsellor"):
        return render_to_string("cases/parts/records_section.html", {"case": case}, request=request)


def fill(case: Case, count: int) -> None:
    link = make_person(case, "Ayşe")
    consent = make_consent(case, link)
    for day in range(1, count + 1):
        make_session(case, held_on=datetime.date(2025, 1, day), note="Notiz")
        make_accompaniment(case, held_on=datetime.date(2025, 1, day))
        proceeding = make_proceeding(case)
        Hearing.objects.create(proceeding=proceeding, held_on=datetime.date(2026, 5, day))
        make_referral(case, person=link, shares_data=True, consent=consent)
        make_incident(case, occurred_on=datetime.date(2025, 1, day))


def test_the_case_page_section_costs_the_same_queries_for_few_and_many_records(alice, backup, django_assert_max_num_queries):
    few, many = make_case(backup), make_case(backup)
    fill(few, 1)
    fill(many, 12)
    counts = []
    for case in (few, many):
        case = Case.objects.select_related("centre", "data_key").get(pk=case.pk)
        with django_assert_max_num_queries(10) as captured:
            html = render_section(case, alice)
        counts.append(len(captured))
        assert "Kanzlei Beispiel" in html and "Amtsgericht Dortmund" in html
    assert counts[0] == counts[1]
    assert "Only the newest are listed here" in html


def test_the_section_warns_of_a_withdrawn_sharing_consent(alice, backup):
    case = make_case(backup)
    link = make_person(case, "Ayşe")
    consent = make_consent(case, link, partner="Kanzlei Beispiel")
    make_referral(case, person=link, shares_data=True, consent=consent, partner="Kanzlei Beispiel")
    assert "consent withdrawn since" not in render_section(case, alice)
    make_consent(case, link, given=False, partner="  kanzlei beispiel ",
                 stated_at=timezone.now() + datetime.timedelta(seconds=1))
    assert "consent withdrawn since" in render_section(case, alice)


def test_the_case_page_shows_the_section_with_add_links(client_for, alice, case):
    make_session(case, held_on=datetime.date(2026, 1, 5))
    content = client_for(alice).get(page("cases:case_detail", case_id=case.public_id)).content.decode()
    for name in ("incident_create", "incident_link", "session_create", "accompaniment_create",
                 "proceeding_create", "referral_create", "consent_record", "consent_list"):
        assert page(f"cases:{name}", case_id=case.public_id) in content, name
    assert "At the office" in content


def test_an_empty_note_is_stored_as_nothing(client_for, alice, case):
    post(client_for(alice), page("cases:session_create", case_id=case.public_id), session_data(alice, note=""))
    assert CounsellingSession.objects.filter(note__isnull=True).count() == 1
