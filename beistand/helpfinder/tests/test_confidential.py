"""A women's shelter near the place: the help finder names its town, never its street or distance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from beistand.directory.models import Location
from beistand.directory.testing import make_service
from beistand.helpfinder.tests.conftest import api, results_page
from beistand.helpfinder.tests.openapi_reader import load, validate
from beistand.helpfinder.tests.test_nearby import nearby_section

pytestmark = pytest.mark.django_db

OPENAPI = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
VIOLENCE_IN_DORTMUND = {"situation": "domestic_violence", "place": "44137"}
STREET = "Geheimweg 7"
# Right by the centre of 44137 (nearer than anything else), with digits no postcode centre has.
LATITUDE, LONGITUDE = 51.51071, 7.46403
COORDINATE_DIGITS = ("51.51071", "51,51071", "7.46403", "7,46403")


@pytest.fixture
def shelter(regions):
    service = make_service("Frauenhaus Dortmund", needs=["housing-women-shelter"], point=(LATITUDE, LONGITUDE),
                           phone="0231 7654321")
    location = service.at_locations.get().location
    Location.objects.filter(pk=location.pk).update(address_is_confidential=True)
    location.addresses.update(address_1=STREET, address_2="Hinterhaus")
    return service


@pytest.fixture
def lawyer(regions):
    """An ordinary entry for the same situation, a little further away."""
    return make_service("Kanzlei Gewaltschutz", needs=["legal-family-protection"], postcode="44135")


def card_of(section: str, name: str) -> str:
    return next(card for card in section.split('<li class="card offer nearby">') if name in card)


def assert_hidden(text: str) -> None:
    assert STREET not in text and "Hinterhaus" not in text
    for digits in COORDINATE_DIGITS:
        assert digits not in text


def test_the_page_names_the_town_and_says_to_ask_by_phone(client, shelter, lawyer):
    html = results_page(client, "en", **VIOLENCE_IN_DORTMUND)
    assert_hidden(html)
    card = card_of(nearby_section(html), "Frauenhaus Dortmund")
    assert '<span lang="de" dir="ltr">Dortmund</span><br>Address on request by phone' in card
    assert "44137" not in card  # the town only, not even the postcode
    assert 'href="tel:+492317654321"' in card
    assert not re.search(r"\d km from", card)
    # The lawyer, further away, keeps its distance and comes first: the order tells nothing either.
    section = nearby_section(html)
    assert re.search(r"\d km from 44137 Dortmund", card_of(section, "Kanzlei Gewaltschutz"))
    assert section.index("Kanzlei Gewaltschutz") < section.index("Frauenhaus Dortmund")


def test_the_page_says_it_in_the_persons_language(client, shelter):
    html = results_page(client, "de", **VIOLENCE_IN_DORTMUND)
    assert_hidden(html)
    assert "Adresse auf telefonische Anfrage" in nearby_section(html)


def test_the_api_gives_the_town_no_distance_and_the_note(client, shelter, lawyer):
    response = api(client, lang="en", **VIOLENCE_IN_DORTMUND)
    assert_hidden(response.content.decode())
    answer = response.json()
    [entry] = [service for service in answer["services"] if service["name"] == "Frauenhaus Dortmund"]
    assert entry["address"] == "Dortmund" and entry["distance_km"] is None
    assert entry["address_on_request"] is True and entry["address_note"] == "Address on request by phone"
    assert not any(" km " in reason for reason in entry["reasons"])
    assert answer["services"][-1]["name"] == "Frauenhaus Dortmund"  # after the entries with a distance
    spec = load(OPENAPI.read_text(encoding="utf-8"))
    schema = spec["paths"]["/api/v1/helpfinder"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert validate(answer, schema, spec) == []


def test_a_location_made_confidential_leaves_the_answer_at_once(client, regions):
    service = make_service("Frauenhaus Dortmund", needs=["housing-women-shelter"], point=(LATITUDE, LONGITUDE))
    service.at_locations.get().location.addresses.update(address_1=STREET)
    assert STREET in results_page(client, "en", **VIOLENCE_IN_DORTMUND)  # remembered now
    location = service.at_locations.get().location
    location.address_is_confidential = True
    location.save()
    assert_hidden(results_page(client, "en", **VIOLENCE_IN_DORTMUND))
    assert_hidden(api(client, **VIOLENCE_IN_DORTMUND).content.decode())


def test_the_demo_shelter_shows_no_street(client, demo):
    from beistand.directory.demo import load_demo_directory

    load_demo_directory()
    html = results_page(client, "en", **VIOLENCE_IN_DORTMUND)
    section = nearby_section(html)
    assert "Frauenhaus Dortmund (Beispiel)" in section
    assert "Beispielweg" not in html and "Address on request by phone" in section
