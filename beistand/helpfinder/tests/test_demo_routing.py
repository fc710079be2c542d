"""The demo answers of issue 4 ("Done when"), on the pages and through the API alike."""

from __future__ import annotations

import pytest

from beistand.helpfinder.demo import DEMO_RULES, load_demo_routing
from beistand.helpfinder.models import RoutingRule
from beistand.helpfinder.tests.conftest import api, offer_slugs, results_page

pytestmark = pytest.mark.django_db

FIRST_CHOICE = [
    ("attack", "44137", "backup"),
    ("attack", "33602", "backup"),
    ("attack", "48143", "backup"),
    ("attack", "50667", "opferberatung-rheinland"),
    ("attack", "40210", "opferberatung-rheinland"),
    ("community", "44137", "mobile-beratung-arnsberg"),
    ("community", "33602", "mobile-beratung-detmold"),
    ("community", "48143", "mobile-beratung-muenster"),
    ("community", "50667", "mobile-beratung-koeln"),
    ("community", "40210", "mobile-beratung-duesseldorf"),
    ("exit", "44137", "comeback"),
    ("discrimination", "33602", "weact-bielefeld"),
    ("discrimination", "44787", "weact-bochum"),
    ("discrimination", "50667", "weact-koeln"),
]
DOMESTIC_VIOLENCE = [
    ("44137", "haeusliche-gewalt-dortmund"),
    ("33602", "haeusliche-gewalt-bielefeld"),
    ("48143", "haeusliche-gewalt-muenster"),
    ("50667", "haeusliche-gewalt-koeln"),
    ("40210", "haeusliche-gewalt-duesseldorf"),
    ("44787", "haeusliche-gewalt-bochum"),
]
NATIONWIDE_LINE = "hilfetelefon-gewalt-gegen-frauen"


@pytest.mark.parametrize(("situation", "postcode", "first"), FIRST_CHOICE)
def test_the_page_names_the_responsible_centre_first(client, demo, situation, postcode, first):
    centres, _helplines = offer_slugs(results_page(client, situation=situation, place=postcode))
    assert centres[0] == first


@pytest.mark.parametrize(("situation", "postcode", "first"), FIRST_CHOICE)
def test_the_api_names_the_responsible_centre_first(client, demo, situation, postcode, first):
    response = api(client, situation=situation, place=postcode)
    assert response.status_code == 200
    assert response.json()["results"][0]["centre"]["slug"] == first


@pytest.mark.parametrize(("postcode", "centre"), DOMESTIC_VIOLENCE)
def test_violence_at_home_names_the_local_centre_and_the_nationwide_help_line(client, demo, postcode, centre):
    centres, helplines = offer_slugs(results_page(client, situation="domestic_violence", place=postcode))
    assert centres[0] == centre
    assert helplines[0] == NATIONWIDE_LINE
    answer = api(client, situation="domestic_violence", place=postcode).json()
    assert answer["results"][0]["centre"]["slug"] == centre
    assert answer["helplines"][0]["centre"]["slug"] == NATIONWIDE_LINE
    assert answer["helplines"][0]["phone"] == "116 016"


def test_an_attack_in_berlin_is_claimed_by_no_nrw_centre(client, demo):
    html = results_page(client, "en", situation="attack", place="10115")
    centres, helplines = offer_slugs(html)
    assert centres == []
    assert "We know of no centre for this" in html
    assert NATIONWIDE_LINE in helplines
    answer = api(client, situation="attack", place="10115").json()
    assert answer["results"] == []
    assert answer["place"]["state"] == {"code": "BE", "name": "Berlin"}
    assert {line["centre"]["slug"] for line in answer["helplines"]} >= {NATIONWIDE_LINE}


def test_the_reasons_say_why_in_plain_words(client, demo):
    answer = api(client, situation="attack", place="44137", lang="en").json()
    backup = answer["results"][0]
    assert backup["reasons"][0] == (
        "Responsible for Dortmund and the whole administrative district of Arnsberg"
    )
    assert "Comes to you" in backup["reasons"]
    assert backup["anonymous_contact_url"] == "http://testserver/en/write/to/backup/"


def test_loading_twice_changes_nothing(demo):
    before = sorted(RoutingRule.objects.values_list("public_id", "version", "updated_at"))
    load_demo_routing()
    assert sorted(RoutingRule.objects.values_list("public_id", "version", "updated_at")) == before
    assert RoutingRule.objects.count() == len(DEMO_RULES)


def test_loading_puts_back_a_changed_demo_rule(demo):
    RoutingRule.objects.filter(centre__slug="backup").update(priority=3)
    load_demo_routing()
    assert RoutingRule.objects.get(centre__slug="backup").priority == 1


def test_refused_without_the_demo_network(regions, settings):
    from beistand.helpfinder.demo import DemoRoutingError

    settings.DEMO_ALLOWED = True
    with pytest.raises(DemoRoutingError, match="missing centres"):
        load_demo_routing()


def test_refused_in_production(regions, settings):
    from beistand.helpfinder.demo import DemoRoutingError

    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoRoutingError):
        load_demo_routing()
