"""Editing entries: the entry form with its parts, optimistic locking, bad input, verification, history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beistand.audit.models import AuditEvent
from beistand.directory.choices import ChangeKind, Visibility
from beistand.directory.models import Change, Service
from beistand.directory.testing import make_service
from beistand.network.tests.factories import csrf_token

pytestmark = pytest.mark.django_db


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "21"}


def entry_post(network=None, centre=None, **changes):
    """A complete, valid entry form post; `changes` overrides single fields (with their prefixes)."""
    data = {
        "provider-name": "Praxis Dr. Beispiel", "provider-description": "", "provider-website": "",
        "provider-email": "", "provider-legal_status": "",
        "entry-name": "Psychotherapie auf Arabisch", "entry-description": "Traumafolgen nach Gewalt.",
        "entry-status": "active", "entry-url": "", "entry-email": "", "entry-application_process": "",
        "entry-eligibility_description": "", "entry-fees_description": "", "entry-interpretation_services": "",
        "entry-accreditations": "", "entry-minimum_age": "", "entry-maximum_age": "", "entry-alert": "",
        "entry-visibility": Visibility.NETWORK, "entry-network": str(network.pk) if network else "",
        "entry-owner_centre": str(centre.pk) if centre else "", "entry-languages": ["de", "ar"],
        "entry-needs": [], "entry-features": [], "entry-verified_now": "on",
        "place-address_1": "Hohe Straße 12", "place-postal_code": "44137", "place-city": "Dortmund",
        "place-state_province": "Nordrhein-Westfalen", "place-transportation": "U-Bahn bis Stadtgarten.",
        "place-latitude": "", "place-longitude": "",
        **management("phones", 1), "phones-0-number": "0231 / 12 34-5", "phones-0-description": "Praxis",
        **management("hours", 1), "hours-0-byday": ["MO", "TU"], "hours-0-opens_at": "09:00", "hours-0-closes_at": "13:00",
    }
    data.update(changes)
    return data


def post(client, url, data):
    return client.post(url, {**data, "csrfmiddlewaretoken": csrf_token(client)})


def test_a_lead_creates_an_entry_with_place_phone_hours_languages_and_needs(lena, client_for, state_network, backup):
    from beistand.directory.models import TaxonomyTerm

    psychotherapy = TaxonomyTerm.objects.get(code="psychotherapy")
    response = post(client_for(lena), reverse("directory:service_create"),
                    entry_post(state_network, backup, **{"entry-needs": [str(psychotherapy.pk)]}))
    service = Service.objects.get(name="Psychotherapie auf Arabisch")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:service_detail", args=[service.public_id])
    assert service.provider.name == "Praxis Dr. Beispiel"
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "de"]
    assert list(service.terms.values_list("code", flat=True)) == ["psychotherapy"]
    location = service.at_locations.get().location
    assert 51.4 < location.latitude < 51.6 and 7.3 < location.longitude < 7.6  # the centre of 44137
    assert location.addresses.get().postal_code == "44137"
    assert service.phones.get().number == "0231 / 12 34-5"
    assert service.schedules.get().byday == "MO,TU"
    assert service.last_verified_on == timezone.localdate() and service.last_verified_by == lena
    assert Change.objects.get(service=service).kind == ChangeKind.CREATED
    assert AuditEvent.objects.filter(action="create", object_id=str(service.public_id)).exists()


def test_counsellors_cannot_edit(alice, client_for, network_entry):
    assert client_for(alice).get(reverse("directory:service_edit", args=[network_entry.public_id])).status_code == 404
    assert client_for(alice).get(reverse("directory:service_create")).status_code == 404


def test_editing_records_the_changed_fields_in_the_history(kai, client_for, network_entry, state_network, backup):
    client = client_for(kai)
    url = reverse("directory:service_edit", args=[network_entry.public_id])
    data = entry_post(state_network, backup, **{"entry-version": "1", "entry-name": "Neuer Name"})
    assert post(client, url, data).status_code == 302
    change = Change.objects.get(service=network_entry, kind=ChangeKind.CHANGED)
    assert change.user == kai and "name" in change.fields
    history = client.get(reverse("directory:service_history", args=[network_entry.public_id])).content.decode()
    assert "Kai" in history and "name" in history


def test_a_stale_edit_keeps_the_input_and_writes_nothing(kai, client_for, network_entry, state_network, backup):
    Service.objects.filter(pk=network_entry.pk).update(version=2, name="Von jemand anderem")
    data = entry_post(state_network, backup, **{"entry-version": "1", "entry-name": "Meine Änderung"})
    response = post(client_for(kai), reverse("directory:service_edit", args=[network_entry.public_id]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this entry" in page
    assert 'value="Meine Änderung"' in page
    assert Service.objects.get(pk=network_entry.pk).name == "Von jemand anderem"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phones-0-number", "call me maybe", "is not a phone number"),
    ("entry-description", "Mehr <b>hier</b>", "Plain text only"),
    ("hours-0-closes_at", "08:00", "The closing time must come after the opening time."),
    ("place-latitude", "48.85", "Give both latitude and longitude"),
    ("entry-network", "", "A network-wide entry needs its network."),
    ("place-postal_code", "4413", "Enter a postcode of five digits."),
    ("entry-maximum_age", "5000", "Ensure this value is less than or equal to"),
])
def test_bad_input_is_explained_and_kept(lena, client_for, state_network, backup, field, value, message):
    data = entry_post(state_network, backup, **{field: value})
    response = post(client_for(lena), reverse("directory:service_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and message in page
    assert Service.objects.count() == 0


def test_coordinates_outside_germany_are_refused(lena, client_for, state_network, backup):
    data = entry_post(state_network, backup, **{"place-latitude": "48.8566", "place-longitude": "2.3522"})
    page = post(client_for(lena), reverse("directory:service_create"), data).content.decode()
    assert "lie outside Germany" in page


def test_overlapping_opening_hours_are_refused(lena, client_for, state_network, backup):
    data = entry_post(state_network, backup, **{
        **management("hours", 2), "hours-1-byday": ["TU"], "hours-1-opens_at": "12:00", "hours-1-closes_at": "15:00"})
    page = post(client_for(lena), reverse("directory:service_create"), data).content.decode()
    assert "Opening hours overlap on Tuesday: 09:00–13:00 and 12:00–15:00." in page


def test_a_lead_cannot_hand_an_entry_to_a_network_he_does_not_keep(lena, client_for, backup):
    from beistand.network.models import Network

    elsewhere = Network.objects.create(slug="anderes", name="Anderes")
    data = entry_post(elsewhere, None, **{"entry-owner_centre": ""})
    response = post(client_for(lena), reverse("directory:service_create"), data)
    assert response.status_code == 200
    assert Service.objects.count() == 0


def test_verifying_takes_an_entry_out_of_the_checking_queue(lena, client_for, state_network, backup):
    old = make_service("Lange nicht geprüft", visibility=Visibility.NETWORK, network=state_network, owner_centre=backup,
                       verified_on=timezone.localdate() - datetime.timedelta(days=400))
    client = client_for(lena)
    assert old.name in client.get(reverse("directory:needs_checking")).content.decode()
    assert post(client, reverse("directory:service_verify", args=[old.public_id]), {}).status_code == 302
    old.refresh_from_db()
    assert old.last_verified_on == timezone.localdate() and old.last_verified_by == lena
    assert old.name not in client.get(reverse("directory:needs_checking")).content.decode()
    assert Change.objects.filter(service=old, kind=ChangeKind.VERIFIED).exists()


def test_the_entry_page_shows_what_counsellors_need(alice, client_for, network_entry):
    page = client_for(alice).get(reverse("directory:service_detail", args=[network_entry.public_id])).content.decode()
    assert network_entry.name in page
    assert "Arabic" in page and "0231 000000" in page and "Musterstraße 1" in page
    assert "Monday, Tuesday, Wednesday, Thursday, Friday: 08:00–18:00" in page
    assert "Last verified on" in page
