"""The demo directory: realistic example entries for the NRW cities, clearly marked, loadable twice."""

from __future__ import annotations

import pytest

from beistand.demo.network import load_demo_network
from beistand.directory import access
from beistand.directory.demo import load_demo_directory
from beistand.directory.geo import find_place
from beistand.directory.models import Address, Service, TaxonomyTerm
from beistand.directory.search import Criteria, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo_network()
    return load_demo_directory()


def test_loading_twice_changes_nothing(demo):
    counts = (Service.objects.count(), Address.objects.count())
    load_demo_directory()
    assert (Service.objects.count(), Address.objects.count()) == counts


def test_every_city_of_the_demo_network_has_entries(demo):
    cities = set(Address.objects.values_list("city", flat=True))
    assert {"Dortmund", "Düsseldorf", "Köln", "Bielefeld", "Bochum", "Münster"} <= cities


def test_every_demo_entry_is_clearly_an_example(demo):
    for service in demo:
        assert "(Beispiel)" in service.name or "(Beispiel)" in service.provider.name
        assert service.terms.filter(code="example-entry").exists()
        assert service.email.endswith("@example.org") and service.url.startswith("https://example.org/")
        for phone in service.phones.all():
            assert " 000000-" in phone.number


def test_demo_entries_belong_to_the_state_network_and_its_centres(demo):
    assert all(service.network and service.network.slug == "landesnetzwerk-nrw" for service in demo)
    assert {service.owner_centre.slug for service in demo} == {"backup", "opferberatung-rheinland"}
    assert {service.visibility for service in demo} == {"public", "network", "centre"}


def test_the_done_when_question_has_an_answer_in_the_demo(demo):
    """ "A psychotherapist within 30 km of 44137 who speaks Arabic." """
    admin_scope = Service.objects.all()
    found = search(admin_scope, Criteria(
        need=TaxonomyTerm.objects.get(code="psychotherapy"), language="ar",
        place=find_place("44137")[0], radius_km=30,
    ))
    assert found.total >= 2
    assert all(result.distance_km <= 30 for result in found.results)
    assert found.results[0].service.name == "Psychotherapie auf Arabisch und Englisch – Praxis Dr. Samira Beispiel (Beispiel)"


def test_the_demo_has_public_entries_for_the_help_finder(demo):
    assert access.public_services().count() >= 15
