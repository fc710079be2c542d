"""Incidents: recording with place lookup and codes, bad input, optimistic locking, linking, privacy, audit."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beistand.audit.models import Action, AuditEvent
from beistand.cases.choices import CaseStatus, DatePrecision, ProtectionLevel
from beistand.cases.models import Code, Incident
from beistand.cases.testing import make_case
from beistand.keys.models import Purpose
from beistand.keys.testing import database_holds
from beistand.network.models import Postcode
from beistand.network.regions import load_regions
from tests.case_routes.records import make_incident, page, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(db) -> None:
    """The migrations loaded the regions; a transactional test elsewhere may have flushed them."""
    if not Postcode.objects.exists():
        load_regions()


@pytest.fixture
def case(backup, alice):
    return make_case(backup, assigned=[alice])


def default_code(scheme: str, code: str) -> Code:
    return Code.objects.get(code_list__network=None, code_list__is_current=True, code_list__scheme=scheme, code=code)


def incident_data(**changes) -> dict:
    data = {
        "occurred_on": "2026-01-10", "date_precision": "day", "place": "44137", "exact_place": "",
        "motives": [default_code("motive", "racism").pk], "offence": default_code("offence", "bodily_harm").pk,
        "perpetrator_count": "2", "perpetrator_relation": "stranger", "perpetrators_organised": "unknown",
        "reported_to_police": "yes", "source": "counselling", "verification": "plausible",
        "counting_rule": "vbrg-2023", "affected_count": "1", "minors_count": "0", "description": "",
    }
    return {**data, **changes}


def test_alice_records_an_incident_in_dortmund_with_its_own_key(client_for, alice, case, regions):
    client = client_for(alice)
    response = post(client, page("cases:incident_create", case_id=case.public_id), incident_data(
        exact_place="Haltestelle Markerplatz 7", description="Schlag ins Gesicht Markerbeschreibung",
        motives=[default_code("motive", "racism").pk, default_code("motive", "antisemitism").pk],
    ))
    assert response.status_code == 302
    assert response["Location"] == page("cases:case_detail", case_id=case.public_id)
    incident = Incident.objects.get(cases=case)
    assert (incident.municipality.name, incident.district.name) == ("Dortmund", "Dortmund")
    assert incident.centre == case.centre
    # The incident may outlive the case: a key of its own, not the case's.
    assert incident.data_key.purpose == Purpose.INCIDENT and incident.data_key_id != case.data_key_id
    assert set(incident.motives.values_list("code", flat=True)) == {"racism", "antisemitism"}
    assert incident.offence.code == "bodily_harm"
    # Encrypted at rest: neither the exact place nor the description is in the database file.
    assert not database_holds("Markerplatz")
    assert not database_holds("Markerbeschreibung")
    assert incident.description == "Schlag ins Gesicht Markerbeschreibung"


def test_creation_is_audited_with_field_names_only(client_for, alice, case, regions):
    post(client_for(alice), page("cases:incident_create", case_id=case.public_id),
         incident_data(description="Geheime Markerschilderung"))
    incident = Incident.objects.get(cases=case)
    event = AuditEvent.objects.get(action=Action.CREATE, object_id=str(incident.public_id))
    assert event.centre_id == case.centre.public_id
    assert {"description", "motives", "municipality", "district", "occurred_on"} <= set(event.fields)
    assert not any("Marker" in field for field in event.fields)


def test_a_postcode_across_two_gemeinden_asks_which_one_and_keeps_the_input(client_for, alice, case, regions):
    client = client_for(alice)
    url = page("cases:incident_create", case_id=case.public_id)
    response = post(client, url, incident_data(place="40472", description="Markertext bleibt"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "fits several places: choose one" in content
    assert 'type="radio" name="place_choice"' in content and "Ratingen (Mettmann)" in content
    assert "Markertext bleibt" in content  # nothing typed is lost
    assert not Incident.objects.exists()
    ratingen = next(key for key, place in response.context["form"].candidates.items() if place.name == "Ratingen")
    response = post(client, url, incident_data(place="40472", place_choice=ratingen))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.municipality.name, incident.district.name) == ("Ratingen", "Mettmann")


def test_an_unknown_place_is_explained(client_for, alice, case, regions):
    response = post(client_for(alice), page("cases:incident_create", case_id=case.public_id),
                    incident_data(place="99999"))
    assert response.status_code == 200
    assert "We do not know the postcode 99999" in response.content.decode()


def test_no_place_is_allowed(client_for, alice, case):
    response = post(client_for(alice), page("cases:incident_create", case_id=case.public_id),
                    incident_data(place=""))
    assert response.status_code == 302
    assert Incident.objects.get().municipality is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"occurred_on": "2999-01-01"}, "occurred_on", "The date cannot be in the future."),
        ({"affected_count": "2", "minors_count": "3"}, "minors_count",
         "There cannot be more children and young people (3) than directly affected persons (2)."),
        ({"occurred_on": "10/01/2026x"}, "occurred_on", "Enter a valid date."),
        ({"perpetrator_count": "-1"}, "perpetrator_count", "greater than or equal to 0"),
        ({"offence": "999999"}, "offence", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client_for, alice, case, changes, field, message):
    response = post(client_for(alice), page("cases:incident_create", case_id=case.public_id),
                    incident_data(place="", description="Mein Markertext", **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert 'class="error-summary"' in content and f'href="#id_{field}"' in content
    assert "Mein Markertext" in content
    assert not Incident.objects.exists()


def test_a_date_known_to_the_month_is_stored_as_its_first_day(client_for, alice, case):
    post(client_for(alice), page("cases:incident_create", case_id=case.public_id),
         incident_data(place="", occurred_on="2025-11-23", date_precision=DatePrecision.MONTH))
    incident = Incident.objects.get()
    assert (incident.occurred_on, incident.date_precision) == (datetime.date(2025, 11, 1), "month")


def test_a_stale_edit_is_refused_and_keeps_the_input(client_for, alice, bob, case, regions):
    incident = make_incident(case, description="Erste Fassung")
    url = page("cases:incident_edit", case_id=case.public_id, record_id=incident.public_id)
    loaded = incident.version
    # Bob saves first.
    assert post(client_for(bob), url, incident_data(place="", version=loaded, description="Bobs Fassung")).status_code == 302
    # Alice's form still carries the version she loaded.
    client = client_for(alice)
    response = post(client, url, incident_data(place="", version=loaded, description="Alices Fassung"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this record" in content and "Alices Fassung" in content
    incident.refresh_from_db()
    assert incident.description == "Bobs Fassung"
    # Saving again on purpose replaces Bob's text: the page now carries the current version.
    assert response.context["form"].data["version"] == str(incident.version)
    response = post(client, url, incident_data(place="", version=incident.version, description="Alices Fassung"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.description == "Alices Fassung"


def test_an_edit_is_audited_with_the_changed_fields(client_for, alice, case):
    incident = make_incident(case, verification="unverified")
    url = page("cases:incident_edit", case_id=case.public_id, record_id=incident.public_id)
    client = client_for(alice)
    response = post(client, url, incident_data(place="", version=incident.version, verification="verified",
                                               motives=[], offence="", perpetrator_count="",
                                               perpetrator_relation="unknown", reported_to_police="unknown"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(incident.public_id))
    assert "verification" in event.fields and "description" not in event.fields


def test_a_closed_case_is_not_changed(client_for, alice, backup):
    closed = make_case(backup, assigned=[alice], status=CaseStatus.CLOSED, closed_on=timezone.localdate())
    client = client_for(alice)
    url = page("cases:incident_create", case_id=closed.public_id)
    response = post(client, url, incident_data(place=""))
    assert response.status_code == 302
    assert not Incident.objects.exists()
    follow = client.get(response["Location"])
    assert "This case is closed and can no longer be changed." in follow.content.decode()


def test_an_incident_of_another_case_is_not_reached_through_this_one(client_for, alice, backup, case):
    other = make_case(backup)
    incident = make_incident(other)
    url = page("cases:incident_edit", case_id=case.public_id, record_id=incident.public_id)
    assert client_for(alice).get(url).status_code == 404


def test_carol_of_another_centre_gets_404(client_for, carol, case):
    incident = make_incident(case)
    client = client_for(carol)
    for url in (
        page("cases:incident_create", case_id=case.public_id),
        page("cases:incident_link", case_id=case.public_id),
        page("cases:incident_edit", case_id=case.public_id, record_id=incident.public_id),
    ):
        assert client.get(url).status_code == 404


# --- Linking ----------------------------------------------------------------------------------------


def test_an_incident_is_linked_to_a_second_case_and_counts_once(client_for, alice, backup, case):
    second = make_case(backup, assigned=[alice])
    incident = make_incident(case)
    url = page("cases:incident_link", case_id=second.public_id)
    client = client_for(alice)
    assert incident in client.get(url).context["form"].fields["incident"].queryset
    response = post(client, url, {"incident": incident.pk})
    assert response.status_code == 302
    assert set(incident.cases.all()) == {case, second}
    assert Incident.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(incident.public_id), fields=["cases"]).exists()
    # The edit page says that a change shows in the other case too.
    edit = client.get(page("cases:incident_edit", case_id=second.public_id, record_id=incident.public_id))
    assert "linked to one more case" in edit.content.decode()


def test_linking_offers_no_incident_of_another_centre_or_of_a_hidden_case(client_for, alice, bob, backup, rheinland, case):
    foreign = make_incident(make_case(rheinland))
    hidden_case = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    hidden = make_incident(hidden_case)
    visible = make_incident(make_case(backup))
    client = client_for(bob)
    offered = set(client.get(page("cases:incident_link", case_id=case.public_id)).context["form"].fields["incident"].queryset)
    assert offered == {visible}
    for smuggled in (foreign, hidden):
        response = post(client, page("cases:incident_link", case_id=case.public_id), {"incident": smuggled.pk})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not foreign.cases.filter(pk=case.pk).exists() and not hidden.cases.filter(pk=case.pk).exists()


def test_linking_filters_by_month(client_for, alice, backup, case):
    january = make_incident(make_case(backup), occurred_on=datetime.date(2026, 1, 5))
    make_incident(make_case(backup), occurred_on=datetime.date(2025, 12, 5))
    response = client_for(alice).get(page("cases:incident_link", case_id=case.public_id) + "?around=2026-01-20")
    assert list(response.context["form"].fields["incident"].queryset) == [january]


def test_changing_the_place_of_an_incident_forgets_the_old_choice(client_for, alice, case, regions):
    client = client_for(alice)
    post(client, page("cases:incident_create", case_id=case.public_id), incident_data(place="44137"))
    incident = Incident.objects.get()
    url = page("cases:incident_edit", case_id=case.public_id, record_id=incident.public_id)
    form = client.get(url).context["form"]
    assert (form["place"].value(), form["place_choice"].value()) == ("Dortmund", "m:05913000")
    # The hidden choice still names Dortmund when Alice types Köln's postcode.
    response = post(client, url, incident_data(place="50667", place_choice="m:05913000", version=incident.version))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.municipality.name == "Köln"


def test_a_forged_place_choice_is_asked_again(client_for, alice, case, regions):
    response = post(client_for(alice), page("cases:incident_create", case_id=case.public_id),
                    incident_data(place="40472", place_choice="m:99999999"))
    assert response.status_code == 200
    assert "fits several places: choose one" in response.content.decode()
