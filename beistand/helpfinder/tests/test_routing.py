"""The routing rules as the help finder applies them: area, priority, who asks, language."""

from __future__ import annotations

import pytest
from django.utils import translation

from beistand.helpfinder.routing import Level, Question, find_help
from beistand.helpfinder.testing import make_centre, make_rule
from beistand.network.choices import CentreType
from beistand.network.models import District
from beistand.network.places import lookup_place

pytestmark = pytest.mark.django_db

DORTMUND, UNNA, KOELN = "05913", "05978", "05315"
ARNSBERG, NRW = "059", "05"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def district(ags: str) -> District:
    return District.objects.select_related("state", "administrative_region").get(ags=ags)


def named(answer) -> list[str]:
    return [offer.centre.slug for offer in answer.offers]


def test_a_kreis_comes_before_its_region_and_its_land(regions):
    make_centre("land", states=(NRW,), situations=("attack",))
    make_centre("bezirk", regions=(ARNSBERG,), situations=("attack",))
    make_centre("kreis", districts=(UNNA,), situations=("attack",))
    answer = find_help(Question("attack"), [district(UNNA)])
    assert named(answer) == ["kreis", "bezirk", "land"]
    assert [offer.level for offer in answer.offers] == [Level.DISTRICT, Level.REGION, Level.STATE]


def test_the_reasons_name_the_place_in_plain_words(regions):
    make_centre("kreis", districts=(UNNA,), situations=("attack",))
    make_centre("bezirk", regions=(ARNSBERG,), situations=("attack",))
    make_centre("land", states=(NRW,), situations=("attack",))
    reasons = {offer.centre.slug: offer.reasons[0] for offer in find_help(Question("attack"), [district(UNNA)]).offers}
    assert reasons == {
        "kreis": "Responsible for Unna (rural district)",
        "bezirk": "Responsible for Unna (rural district) and the whole administrative district of Arnsberg",
        "land": "Responsible for all of Nordrhein-Westfalen",
    }


def test_priority_outranks_the_closer_area(regions):
    make_centre("kreis", districts=(UNNA,))
    make_rule(make_centre("kreis-centre", districts=(UNNA,)), "attack", priority=3)
    make_centre("land", states=(NRW,), situations=("attack",))
    assert named(find_help(Question("attack"), [district(UNNA)])) == ["land", "kreis-centre"]


def test_a_centre_elsewhere_or_for_another_situation_is_not_named(regions):
    make_centre("koeln", districts=(KOELN,), situations=("attack",))
    make_centre("exit", districts=(UNNA,), situations=("exit",))
    make_centre("no-rule", districts=(UNNA,))
    assert named(find_help(Question("attack"), [district(UNNA)])) == []


def test_unpublished_centres_are_never_named(regions):
    make_centre("hidden", districts=(UNNA,), situations=("attack",), is_published=False)
    assert named(find_help(Question("attack"), [district(UNNA)])) == []


def test_a_rule_for_some_askers_only_speaks_to_them(regions):
    make_rule(make_centre("for-professionals", districts=(UNNA,)), "attack", target_groups=["professionals"])
    unna = [district(UNNA)]
    assert named(find_help(Question("attack", who="affected"), unna)) == []
    assert named(find_help(Question("attack", who="professionals"), unna)) == ["for-professionals"]
    # Nobody has to say who they are to be shown everything.
    assert named(find_help(Question("attack"), unna)) == ["for-professionals"]


def test_a_rule_for_some_languages_only_speaks_to_those_who_ask_for_one(regions):
    make_rule(make_centre("arabic", districts=(UNNA,), languages=["ar"]), "attack", languages=["ar"])
    unna = [district(UNNA)]
    assert named(find_help(Question("attack", language="tr"), unna)) == []
    assert named(find_help(Question("attack", language="ar"), unna)) == ["arabic"]
    assert named(find_help(Question("attack"), unna)) == ["arabic"]


def test_language_and_contact_say_why_and_order_equals(regions):
    make_centre("german", districts=(UNNA,), situations=("attack",), languages=["de"], channels=["phone"])
    make_centre("turkish", districts=(UNNA,), situations=("attack",), languages=["de", "tr"],
                channels=["video", "outreach"])
    answer = find_help(Question("attack", language="tr", contact="video"), [district(UNNA)])
    assert named(answer) == ["turkish", "german"]
    turkish, german = answer.offers
    assert turkish.reasons[1:] == ["Counsels in Turkish", "Offers video calls"]
    assert not turkish.language_missing
    assert german.language_missing and not german.fits_contact


def test_outreach_is_named_as_coming_to_you(regions):
    make_centre("visits", districts=(UNNA,), situations=("attack",), channels=["outreach"],
                target_groups=["witnesses"])
    offer = find_help(Question("attack", who="witnesses"), [district(UNNA)]).offers[0]
    assert offer.reasons[1:] == ["Counsels witnesses too", "Comes to you"]


def test_a_postcode_in_two_kreise_is_answered_for_both(regions):
    # 59969 lies mostly in the Hochsauerlandkreis (NRW), partly in Waldeck-Frankenberg (Hessen).
    make_centre("hessen", districts=("06635",), situations=("attack",))
    make_centre("sauerland", districts=("05958",), situations=("attack",))
    lookup = lookup_place("59969")
    answer = find_help(Question("attack"), lookup.districts)
    assert named(answer) == ["hessen", "sauerland"]  # equally close: by name
    assert answer.offers[0].reasons[0] == "Responsible for Waldeck-Frankenberg (rural district)"


def test_without_a_place_only_land_wide_and_nationwide_offers(regions):
    make_centre("kreis", districts=(UNNA,), situations=("attack",))
    make_centre("land", states=(NRW,), situations=("attack",))
    make_centre("bund", nationwide=True, situations=("attack",))
    answer = find_help(Question("attack"), None)
    assert named(answer) == ["land", "bund"]
    assert [offer.reasons[0] for offer in answer.offers] == [
        "Responsible for all of Nordrhein-Westfalen", "Available nationwide",
    ]


def test_nationwide_help_lines_are_listed_apart_those_for_the_situation_only(regions):
    make_centre("women-line", type=CentreType.HELPLINE, nationwide=True, situations=("domestic_violence",))
    make_centre("other-line", type=CentreType.HELPLINE, nationwide=True)
    make_centre("local", districts=(UNNA,), situations=("domestic_violence",))
    answer = find_help(Question("domestic_violence"), [district(UNNA)])
    assert named(answer) == ["local"]
    assert [line.centre.slug for line in answer.helplines] == ["women-line"]


def test_without_a_line_for_the_situation_every_nationwide_line_is_shown(regions):
    make_centre("women-line", type=CentreType.HELPLINE, nationwide=True, situations=("domestic_violence",))
    make_centre("other-line", type=CentreType.HELPLINE, nationwide=True)
    make_centre("regional-line", type=CentreType.HELPLINE, states=(NRW,))
    answer = find_help(Question("attack"), [district(DORTMUND)])
    assert answer.offers == [] and not answer.covered
    assert [line.centre.slug for line in answer.helplines] == ["other-line", "women-line"]
