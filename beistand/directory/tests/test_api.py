"""The open HSDS API: public entries only, paged as HSDS says, clear 400s, no cookies."""

from __future__ import annotations

import uuid

import pytest

from beistand.directory.choices import Visibility
from beistand.directory.hsds.schema import validate
from beistand.directory.models import TaxonomyTerm
from beistand.directory.testing import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(state_network, backup):
    public = [make_service(f"Öffentlich {number}", needs=["legal"] if number % 2 else ["medical"]) for number in range(5)]
    make_service("Netzwerk", visibility=Visibility.NETWORK, network=state_network)
    make_service("Zentrum", visibility=Visibility.CENTRE, owner_centre=backup)
    return public


def test_lists_are_paged_and_show_only_public_entries(client, entries):
    page = client.get("/api/v1/hsds/services", {"per_page": 2, "page": 3}).json()
    assert page == {**page, "total_items": 5, "total_pages": 3, "page_number": 3, "size": 1,
                    "first_page": False, "last_page": True, "empty": False}
    first = client.get("/api/v1/hsds/services", {"per_page": 2}).json()
    assert [item["name"] for item in first["contents"]] == ["Öffentlich 0", "Öffentlich 1"]
    assert first["first_page"] and not first["last_page"]


def test_signed_in_staff_see_the_same_public_entries(client_for, kai, entries):
    signed_in = client_for(kai).get("/api/v1/hsds/services").json()
    assert signed_in["total_items"] == 5


def test_non_public_entries_answer_like_missing_ones(client, state_network):
    network = make_service("Netzwerk", visibility=Visibility.NETWORK, network=state_network)
    hidden = client.get(f"/api/v1/hsds/services/{network.public_id}")
    missing = client.get(f"/api/v1/hsds/services/{uuid.uuid4()}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get(f"/api/v1/hsds/organizations/{network.provider.public_id}").status_code == 404


def test_filters_by_term_organization_search_and_modification(client, entries):
    legal = TaxonomyTerm.objects.get(code="legal")
    assert client.get("/api/v1/hsds/services", {"taxonomy_term_id": str(legal.public_id)}).json()["total_items"] == 2
    assert client.get("/api/v1/hsds/services", {"organization_id": str(entries[0].provider.public_id)}).json()["total_items"] == 1
    assert client.get("/api/v1/hsds/services", {"search": "lich 4"}).json()["total_items"] == 1
    assert client.get("/api/v1/hsds/services", {"modified_after": "2999-01-01T00:00:00Z"}).json()["empty"]


@pytest.mark.parametrize(("query", "parameter"), [
    ({"page": "0"}, "page"), ({"per_page": "5000"}, "per_page"), ({"page": "eins"}, "page"),
    ({"taxonomy_term_id": "x"}, "taxonomy_term_id"), ({"modified_after": "gestern"}, "modified_after"),
    ({"full": "vielleicht"}, "full"),
])
def test_bad_parameters_get_a_400_that_names_them(client, query, parameter):
    response = client.get("/api/v1/hsds/services", query)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


def test_the_api_sets_no_cookies_and_may_be_cached(client, entries):
    response = client.get("/api/v1/hsds/services")
    assert not response.cookies
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"] == "application/json"


def test_full_services_validate_and_cost_a_bounded_number_of_queries(client, entries, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page = client.get("/api/v1/hsds/services", {"full": "true"}).json()
    assert len(page["contents"]) == 5
    for item in page["contents"]:
        assert validate(item, "service.json") == []
        assert item["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "44137"


def test_organizations_and_taxonomy_terms(client, entries):
    organization = client.get(f"/api/v1/hsds/organizations/{entries[0].provider.public_id}").json()
    assert validate(organization, "organization.json") == []
    assert [service["name"] for service in organization["services"]] == ["Öffentlich 0"]
    terms = client.get("/api/v1/hsds/taxonomy_terms", {"per_page": 200}).json()
    assert "psychotherapy" in {term["code"] for term in terms["contents"]}
    for term in terms["contents"]:
        assert validate(term, "taxonomy_term.json") == []


def test_the_api_answers_only_get(client):
    assert client.post("/api/v1/hsds/services").status_code == 405
