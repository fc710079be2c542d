"""The coverage report: per Kreis and situation the centres the help finder names, gaps, overlaps."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from beistand.helpfinder.choices import Situation
from beistand.helpfinder.coverage import coverage_of
from beistand.helpfinder.routing import Question, find_help
from beistand.helpfinder.testing import make_centre, make_rule
from beistand.network.models import AdministrativeRegion, State

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def network_in_nrw(regions, backup, rheinland, state_network):
    backup.administrative_regions.add(AdministrativeRegion.objects.get(ags="059"))
    rheinland.administrative_regions.add(*AdministrativeRegion.objects.filter(ags__in=["051", "053"]))
    make_rule(backup, "attack")
    make_rule(rheinland, "attack")
    return state_network


def cell(report, ags: str, situation: str):
    row = next(row for row in report.rows if row.district.ags == ags)
    return row.cells[Situation.values.index(situation)]


def slugs(found) -> list[str]:
    return [entry.centre.slug for entry, _level in found.entries]


def test_a_coordinator_sees_the_kreise_of_the_lands_his_networks_work_in(client_for, kai, network_in_nrw):
    response = client_for(kai).get(reverse("helpfinder:coverage"))
    html = response.content.decode()
    assert response.context["states"] == [State.objects.get(code="NW")]
    assert "Unna" in html and "Köln" in html and "Berlin" not in html
    assert 'name="state"' not in html  # one Land: nothing to choose


def test_gaps_and_overlaps_are_flagged(network_in_nrw):
    make_centre("second-victim-centre", districts=("05978",), situations=("attack",))
    make_rule(make_centre("arabic-only", districts=("05913",)), "attack", languages=["ar"])
    report = coverage_of(State.objects.get(code="NW"))
    unna, dortmund, koeln = (cell(report, ags, "attack") for ags in ("05978", "05913", "05315"))
    assert slugs(unna) == ["second-victim-centre", "backup"]
    assert unna.overlapping_types == ["Victim counselling"]
    # A centre limited to some languages adds to the others, it does not overlap them.
    assert slugs(dortmund) == ["arabic-only", "backup"] and dortmund.overlapping_types == []
    assert slugs(koeln) == ["opferberatung-rheinland"] and not koeln.gap
    assert cell(report, "05978", "exit").gap
    # Four situations without any rule, and attacks in Münster and Detmold (not in the fixture).
    outside = sum(row.district.administrative_region.ags in ("055", "057") for row in report.rows)
    assert report.gaps == len(report.rows) * 4 + outside and report.overlaps == 1


def test_the_page_marks_gaps_and_overlaps(client_for, ada, network_in_nrw):
    make_centre("second-victim-centre", districts=("05978",), situations=("attack",))
    html = client_for(ada).get(reverse("helpfinder:coverage"), {"state": "NW"}).content.decode()
    assert 'class="gap"' in html and 'class="overlap"' in html
    assert "Overlap: Victim counselling" in html
    assert "1 overlap" in html


def test_an_admin_chooses_any_land(client_for, ada, network_in_nrw):
    response = client_for(ada).get(reverse("helpfinder:coverage"), {"state": "BE"})
    assert len(response.context["states"]) == 16
    assert response.context["state"].code == "BE"
    assert [row.district.name for row in response.context["report"].rows] == ["Berlin"]


def test_the_report_and_the_help_finder_agree_everywhere(demo):
    report = coverage_of(State.objects.get(code="NW"))
    for row in report.rows:
        for found in row.cells:
            answer = find_help(Question(found.situation), [row.district])
            assert slugs(found) == [offer.centre.slug for offer in answer.offers], (row.district, found.situation)


def test_the_demo_leaves_the_gaps_it_should(demo):
    report = coverage_of(State.objects.get(code="NW"))
    assert cell(report, "05315", "exit").gap  # no exit counselling in the Rhineland in the demo
    assert not cell(report, "05315", "attack").gap
    assert report.overlaps == 0


def test_the_report_costs_a_fixed_number_of_queries(client_for, ada, demo, django_assert_max_num_queries):
    client = client_for(ada)
    client.get(reverse("helpfinder:coverage"), {"state": "NW"})
    for number in range(10):
        make_centre(f"extra-{number}", districts=("05978",), situations=("community",))
    with django_assert_max_num_queries(20):
        client.get(reverse("helpfinder:coverage"), {"state": "NW"})
