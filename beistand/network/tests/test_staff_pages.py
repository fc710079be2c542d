"""What the staff directory pages show: filters, counts, resolved names."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beistand.network.models import Centre


@pytest.fixture
def areas(backup, rheinland, nrw_regions, state_network):
    backup.administrative_regions.add(nrw_regions["regions"]["059"])
    rheinland.districts.add(nrw_regions["districts"]["05315"])
    return nrw_regions


def names(response) -> set[str]:
    return {centre.name for centre, _area in response.context["rows"]}


@pytest.mark.django_db
def test_filters_by_area_type_network_and_text(client_for, alice, areas, outside_centre, lks):
    client = client_for(alice)
    url = reverse("network:centre_list")
    assert names(client.get(url, {"area": "region:059"})) == {"BackUp"}
    assert names(client.get(url, {"area": "region:053"})) == {"Opferberatung Rheinland"}
    assert names(client.get(url, {"area": "state:05"})) == {"BackUp", "Opferberatung Rheinland"}
    assert names(client.get(url, {"type": "coordination"})) == {"LKS NRW"}
    assert names(client.get(url, {"network": "weact"})) == {"weact Bochum"}
    assert names(client.get(url, {"q": "rheinland"})) == {"Opferberatung Rheinland"}
    assert names(client.get(url, {"q": "ComeBack"})) == {"BackUp"}  # the carrier's name


@pytest.mark.django_db
def test_nationwide_centres_work_in_every_region(client_for, alice, areas, carrier):
    Centre.objects.create(slug="hilfe", name="Hilfetelefon", type="helpline", organisation=carrier,
                          nationwide=True)
    response = client_for(alice).get(reverse("network:centre_list"), {"area": "region:059"})
    assert names(response) == {"BackUp", "Hilfetelefon"}


@pytest.mark.django_db
def test_invalid_filter_is_shown_and_ignored(client_for, alice, areas):
    response = client_for(alice).get(reverse("network:centre_list"), {"type": "bogus"})
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert len(response.context["rows"]) == 3


@pytest.mark.django_db
def test_counts_per_type(client_for, alice, areas, lks):
    response = client_for(alice).get(reverse("network:centre_list"))
    counts = dict(response.context["type_counts"])
    assert sorted(counts.values()) == [1, 2]
    assert "3 centres" in response.content.decode() or "3 Centres" in response.content.decode()


@pytest.mark.django_db
def test_detail_resolves_the_service_area_to_names(client_for, alice, areas):
    html = client_for(alice).get(reverse("network:centre_detail", args=["backup"])).content.decode()
    assert "Arnsberg (administrative district)" in html
    html = client_for(alice).get(
        reverse("network:centre_detail", args=["opferberatung-rheinland"])
    ).content.decode()
    assert "Köln" in html


@pytest.mark.django_db
def test_staff_see_unpublished_centres(client_for, alice, rheinland):
    rheinland.is_published = False
    rheinland.save()
    response = client_for(alice).get(reverse("network:centre_detail", args=["opferberatung-rheinland"]))
    assert response.status_code == 200
    assert "not published" in response.content.decode()


@pytest.mark.django_db
def test_centre_list_costs_a_fixed_number_of_queries(client_for, alice, areas, carrier, state_network):
    client = client_for(alice)
    url = reverse("network:centre_list")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(20):
        centre = Centre.objects.create(slug=f"c{number}", name=f"Centre {number}",
                                       type="helpline", organisation=carrier)
        centre.networks.add(state_network)
        centre.districts.add(areas["districts"]["05913"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 18


@pytest.mark.django_db
def test_form_says_when_region_data_are_missing(client_for, ada, monkeypatch):
    from beistand.network.forms import centres

    monkeypatch.setattr(centres, "state_choices", list)
    html = client_for(ada).get(reverse("network:centre_create")).content.decode()
    assert "region data" in html
