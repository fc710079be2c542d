"""Routing rules in the staff UI: everybody with a role reads, coordinators change their
networks' rules, admins all; every change is audited and reaches the public at once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from beistand.audit.models import Action, AuditEvent, Category
from beistand.helpfinder.models import RoutingRule
from beistand.helpfinder.testing import make_centre, make_rule
from beistand.helpfinder.tests.conftest import offer_slugs, results_page
from beistand.network.models import AdministrativeRegion
from beistand.network.tests.factories import post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def westphalia(regions, backup, state_network):
    """BackUp (in Kai's network) serves the Regierungsbezirk Arnsberg."""
    backup.administrative_regions.add(AdministrativeRegion.objects.get(ags="059"))
    return backup


@pytest.fixture
def outsider(regions):
    return make_centre("weact-bochum", districts=("05911",), situations=("discrimination",))


def rule_data(situation: str = "attack", version: int | None = None, **changes) -> dict:
    data = {"situation": situation, "priority": "1", "target_groups": [], "languages": []}
    if version is not None:
        data["version"] = str(version)
    return {**data, **changes}


def test_everybody_with_a_role_reads_the_rules_but_only_editors_see_edit_links(client_for, alice, kai,
                                                                               westphalia, outsider):
    make_rule(westphalia, "attack")
    alices = client_for(alice).get(reverse("helpfinder:rule_list")).content.decode()
    assert "BackUp" in alices and "weact-bochum".title() in alices
    assert "/edit/" not in alices
    kais = client_for(kai).get(reverse("helpfinder:rule_list")).content.decode()
    assert kais.count("/edit/") == 1  # BackUp's rule; weact Bochum is not in his network


def test_a_coordinator_adds_a_rule_and_the_public_finds_the_centre(client, client_for, kai, westphalia):
    assert offer_slugs(results_page(client, situation="attack", place="44137"))[0] == []
    response = post(client_for(kai), reverse("helpfinder:rule_create", args=["backup"]),
                    rule_data(languages=["ar", "tr"]))
    assert response.status_code == 302
    rule = RoutingRule.objects.get(centre=westphalia)
    assert (rule.situation, rule.languages, rule.version) == ("attack", ["ar", "tr"], 1)
    event = AuditEvent.objects.get(object_id=str(rule.public_id))
    assert (event.action, event.category, event.centre_id) == (Action.CREATE, Category.TECHNICAL, westphalia.public_id)
    assert event.fields == ["languages", "situation"]
    # The snapshot of the help finder is renewed by the save: the next question sees it.
    assert offer_slugs(results_page(client, situation="attack", place="44137", language="ar"))[0] == ["backup"]


def test_one_rule_per_centre_and_situation_with_the_input_kept(client_for, kai, westphalia):
    make_rule(westphalia, "attack")
    response = post(client_for(kai), reverse("helpfinder:rule_create", args=["backup"]),
                    rule_data(languages=["fa"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This centre already has a rule for this situation." in html
    assert 'href="#id_situation"' in html
    assert re.search(r'value="fa" id="id_languages_\d+" checked', html)
    assert RoutingRule.objects.count() == 1


def test_unknown_codes_are_refused(client_for, kai, westphalia):
    response = post(client_for(kai), reverse("helpfinder:rule_create", args=["backup"]),
                    rule_data(situation="robbery", languages=["xx"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_situation"' in html and 'href="#id_languages"' in html
    assert "Select a valid choice. xx is not one of the available choices." in html
    assert not RoutingRule.objects.exists()


def test_a_stale_edit_is_refused_with_the_input_kept_then_saved_on_purpose(client_for, kai, ada, westphalia):
    rule = make_rule(westphalia, "attack")
    url = reverse("helpfinder:rule_edit", args=[rule.public_id])
    form = client_for(kai).get(url).content.decode()
    assert 'name="version" value="1"' in form
    # Meanwhile Ada changes the rule.
    assert post(client_for(ada), url, rule_data(version=1, priority="2")).status_code == 302
    kai_client = client_for(kai)
    response = post(kai_client, url, rule_data(version=1, priority="3", languages=["ru"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this rule in the meantime" in html
    assert 'name="version" value="2"' in html
    assert '<option value="3" selected>' in html
    rule.refresh_from_db()
    assert (rule.priority, rule.languages, rule.version) == (2, [], 2)
    # Saving again, now knowing, keeps Kai's version.
    assert post(kai_client, url, rule_data(version=2, priority="3", languages=["ru"])).status_code == 302
    rule.refresh_from_db()
    assert (rule.priority, rule.languages, rule.version) == (3, ["ru"], 3)


def test_a_coordinator_cannot_touch_another_networks_rules(client_for, kai, outsider):
    rule = RoutingRule.objects.get(centre=outsider)
    client = client_for(kai)
    assert post(client, reverse("helpfinder:rule_edit", args=[rule.public_id]), rule_data("exit")).status_code == 404
    assert post(client, reverse("helpfinder:rule_delete", args=[rule.public_id]), {}).status_code == 404
    assert post(client, reverse("helpfinder:rule_create", args=[outsider.slug]), rule_data()).status_code == 404
    rule.refresh_from_db()
    assert rule.situation == "discrimination"


def test_deleting_a_rule_is_audited_and_takes_the_centre_off_the_finder(client, client_for, kai, westphalia):
    rule = make_rule(westphalia, "attack")
    assert offer_slugs(results_page(client, situation="attack", place="44137"))[0] == ["backup"]
    with translation.override("en"):  # the English source text
        url = reverse("helpfinder:rule_delete", args=[rule.public_id])
    assert "After this, the help finder no longer names BackUp" in client_for(kai).get(url).content.decode()
    assert post(client_for(kai), url, {}).status_code == 302
    assert not RoutingRule.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(rule.public_id)).exists()
    assert offer_slugs(results_page(client, situation="attack", place="44137"))[0] == []


def test_a_centres_page_shows_its_area_and_rules(client_for, paul, westphalia):
    make_rule(westphalia, "attack", target_groups=["witnesses"])
    html = client_for(paul).get(reverse("helpfinder:centre_rules", args=["backup"])).content.decode()
    assert "Arnsberg (administrative district)" in html
    assert "Attacked, threatened or insulted" in html and "Witnesses" in html
    assert "New routing rule" not in html
