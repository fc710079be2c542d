"""GET /api/v1/helpfinder: the issue's response shape, errors, headers, no cookies."""

from __future__ import annotations

import pytest

from beistand.helpfinder.tests.conftest import api

pytestmark = pytest.mark.django_db


def test_the_answer_has_exactly_the_shape_of_the_issue(client, demo):
    answer = api(client, situation="attack", place="44137").json()
    assert set(answer) == {"place", "results", "helplines", "services", "emergency"}
    assert answer["place"] == {
        "postcode": "44137", "municipality": "Dortmund", "district": {"ags": "05913", "name": "Dortmund"},
        "region": {"name": "Arnsberg"}, "state": {"code": "NW", "name": "Nordrhein-Westfalen"},
    }
    result = answer["results"][0]
    assert set(result) == {"centre", "reasons", "languages", "channels", "anonymous_contact_url"}
    assert result["centre"] == {"slug": "backup", "name": "BackUp", "type": "victim_counselling"}
    assert result["languages"] == ["de"]
    assert "anonymous" in result["channels"]
    assert answer["emergency"] == [{"number": "110", "label": "Police"},
                                   {"number": "112", "label": "Fire brigade and ambulance"}]


def test_a_centre_without_anonymous_writing_has_no_url(client, demo):
    comeback = api(client, situation="exit", place="44137").json()["results"][0]
    assert comeback["centre"]["slug"] == "comeback"
    assert comeback["anonymous_contact_url"] is None


def test_the_write_page_speaks_the_language_asked_for(client, demo):
    answer = api(client, situation="attack", place="44137", language="ar").json()
    assert answer["results"][0]["anonymous_contact_url"] == "http://testserver/ar/write/to/backup/"
    # A counselling language the site does not speak: the page in `lang`.
    answer = api(client, situation="attack", place="44137", language="ti", lang="de").json()
    assert answer["results"][0]["anonymous_contact_url"] == "http://testserver/de/write/to/backup/"


def test_without_a_place_the_land_wide_offers(client, demo):
    answer = api(client, situation="domestic_violence").json()
    assert answer["place"] is None
    assert [r["centre"]["slug"] for r in answer["results"]] == ["maennerhilfetelefon", "maennerschutz-nrw"]
    assert answer["results"][0]["reasons"][0] == "Responsible for all of Nordrhein-Westfalen"


@pytest.mark.parametrize(("query", "code", "message"), [
    ({"place": "44137"}, "unknown_situation", "Please choose what happened."),
    ({"situation": "robbery", "place": "44137"}, "unknown_situation", "Please choose one of the options."),
    ({"situation": "attack", "place": "abcde"}, "unknown_place", "We could not find a town or district"),
    ({"situation": "attack", "place": "1234"}, "unknown_place", "A postcode has five digits."),
    ({"situation": "attack", "language": "xx"}, "unknown_language", "Please choose one of the options."),
    ({"situation": "attack", "who": "king"}, "invalid_parameter", "Please choose one of the options."),
    ({"situation": "attack", "lang": "xx"}, "invalid_parameter", "Unknown value of lang."),
])
def test_bad_parameters_are_400_with_a_code_and_a_message(client, regions, query, code, message):
    response = api(client, **query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"].startswith(message)


def test_messages_and_reasons_in_german_with_lang(client, demo):
    error = api(client, situation="attack", place="1234", lang="de").json()["error"]
    assert error["message"] == "Eine Postleitzahl hat fünf Ziffern."
    labels = [e["label"] for e in api(client, situation="attack", place="44137", lang="de").json()["emergency"]]
    assert labels[0] == "Polizei"


def test_json_without_cookies_and_cacheable(client, demo):
    response = api(client, situation="attack", place="44137")
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.cookies == {}
    assert "Set-Cookie" not in response


def test_only_get_and_head(client, demo):
    assert client.post("/api/v1/helpfinder", {"situation": "attack"}).status_code == 405
    assert client.head("/api/v1/helpfinder", {"situation": "attack", "place": "44137"}).status_code == 200


def test_the_api_and_the_page_agree(client, demo):
    from beistand.helpfinder.tests.conftest import offer_slugs, results_page

    for situation in ("attack", "community", "discrimination", "domestic_violence", "exit"):
        for place in ("44137", "50667", "Unna", "10115"):
            answer = api(client, situation=situation, place=place).json()
            centres, lines = offer_slugs(results_page(client, "en", situation=situation, place=place))
            assert [r["centre"]["slug"] for r in answer["results"]] == centres
            assert [h["centre"]["slug"] for h in answer["helplines"]] == lines


def test_a_query_costs_no_query_once_warm(client, demo, django_assert_max_num_queries):
    api(client, situation="attack", place="44137")
    with django_assert_max_num_queries(0):
        api(client, situation="community", place="44137")


def test_a_town_that_exists_twice_answers_for_the_kreis_asked_for(client, regions):
    likeliest = api(client, situation="attack", place="Neustadt").json()["place"]
    assert likeliest["municipality"] == "Neustadt an der Weinstraße"
    chosen = api(client, situation="attack", place="Neustadt", district="03241").json()["place"]
    assert chosen["district"] == {"ags": "03241", "name": "Region Hannover"}
    assert chosen["municipality"] == "Neustadt am Rübenberge"
