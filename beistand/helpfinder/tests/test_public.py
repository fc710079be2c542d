"""The public pages: questions on the start page, results, bad input; no cookies, no script."""

from __future__ import annotations

import pytest

from beistand.helpfinder.testing import make_centre
from beistand.helpfinder.tests.conftest import offer_slugs, results_page
from beistand.network.choices import CentreType
from beistand.network.models import OpeningHours

pytestmark = pytest.mark.django_db

ATTACK_IN_UNNA = {"situation": "attack", "place": "59423"}  # Unna, Kreis Unna


@pytest.fixture
def unna(regions):
    centre = make_centre("unna-hilft", name="Unna hilft", districts=("05978",), situations=("attack",),
                         channels=["phone", "anonymous", "outreach"], languages=["de", "ar"],
                         phone="02303 123456", opening_hours_note="Nach Vereinbarung")
    OpeningHours.objects.create(centre=centre, weekday=0, opens="10:00", closes="16:00")
    make_centre("hilfetelefon", name="Hilfetelefon", type=CentreType.HELPLINE, nationwide=True,
                phone="116 016", contact_is_example=False)
    return centre


@pytest.mark.parametrize("path", ["/de/", "/de/help/", "/ar/help/", "/de/help/results/?situation=attack&place=59423"])
def test_public_pages_set_no_cookie_and_carry_no_token(client, unna, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.cookies == {}
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "<script" not in html.split("</main>")[0].split('<main id="main"')[1]


def test_the_start_page_asks_what_happened_with_a_get_form(client, unna):
    html = client.get("/en/").content.decode()
    assert '<form method="get" action="/en/help/results/"' in html
    for situation in ("attack", "discrimination", "domestic_violence", "exit", "community"):
        assert f'name="situation" value="{situation}"' in html
    assert "Attacked, threatened or insulted" in html
    assert 'name="no_place"' in html
    assert "Hilfetelefon" in html and 'href="tel:116016"' in html  # the nationwide lines stay


def test_results_name_the_centre_with_reasons_contact_hours_and_anonymous_writing(client, unna):
    html = results_page(client, "en", **ATTACK_IN_UNNA)
    centres, _lines = offer_slugs(html)
    assert centres == ["unna-hilft"]
    assert "Responsible for Unna (rural district)" in html
    assert "Comes to you" in html
    assert "02303 123456" in html
    assert 'Monday <span dir="ltr">10:00–16:00</span>' in html and "Nach Vereinbarung" in html
    assert '<a href="tel:02303123456" dir="ltr">02303 123456</a>' in html  # digits stay in order in RTL
    assert 'href="/en/write/to/unna-hilft/"' in html
    assert 'href="tel:110"' in html and 'href="tel:112"' in html


def test_results_carry_the_postcode_attribution(client, unna):
    html = results_page(client, "en", **ATTACK_IN_UNNA)
    assert "© OpenStreetMap contributors" in html
    by_name = results_page(client, "en", situation="attack", place="Unna")
    assert "© OpenStreetMap contributors" not in by_name and "GeoBasis-DE / BKG" in by_name


def test_results_are_never_cached(client, unna):
    response = client.get("/de/help/results/", ATTACK_IN_UNNA)
    assert "no-store" in response["Cache-Control"]


def test_nobody_responsible_is_said_honestly_with_the_nationwide_lines(client, unna):
    html = results_page(client, "en", situation="exit", place="59423")
    centres, lines = offer_slugs(html)
    assert centres == [] and lines == ["hilfetelefon"]
    assert "We know of no centre for this" in html
    assert "no counselling centre in this network is responsible for 59423 Unna" in html


def test_rather_not_say_explains_what_is_shown(client, unna):
    html = results_page(client, "en", situation="attack", no_place="on", place="ignored text")
    assert "You did not say" in html
    assert "we only show offers for a whole federal state or for all of Germany" in html
    assert "OpenStreetMap" not in html


def test_a_town_that_exists_twice_offers_the_other_one(client, unna):
    html = results_page(client, "en", situation="attack", place="Neustadt")
    assert "There is more than one place called “Neustadt”" in html
    assert "district=03241" in html  # Neustadt am Rübenberge, Region Hannover
    chosen = results_page(client, "en", situation="attack", place="Neustadt", district="03241")
    assert "Neustadt am Rübenberge" in chosen


def test_the_page_speaks_the_language_of_its_address(client, unna):
    german = results_page(client, "de", **ATTACK_IN_UNNA)
    assert '<html lang="de"' in german
    assert 'href="/de/write/to/unna-hilft/"' in german
    arabic = client.get("/ar/help/results/", ATTACK_IN_UNNA).content.decode()
    assert 'dir="rtl"' in arabic
    assert 'href="/ar/write/to/unna-hilft/"' in arabic


def test_an_arabic_page_asks_for_arabic_counselling_by_default(client, unna):
    html = client.get("/ar/help/").content.decode()
    assert '<option value="ar" selected>' in html
    assert '<option value="" selected>' in client.get("/de/help/").content.decode()


def test_change_your_answers_fills_the_form_again(client, unna):
    html = results_page(client, "en", **ATTACK_IN_UNNA, who="witnesses")
    assert 'href="/en/help/?situation=attack&amp;who=witnesses&amp;place=59423"' in html
    form = client.get("/en/help/", {"situation": "attack", "who": "witnesses", "place": "59423"}).content.decode()
    assert 'value="attack" id="id_situation_attack" checked' in form
    assert 'value="witnesses" id="id_who_witnesses" checked' in form
    assert 'value="59423"' in form


def test_the_public_pages_refuse_posts(client, unna):
    assert client.post("/de/help/results/", ATTACK_IN_UNNA).status_code == 405
    assert client.post("/de/help/").status_code == 405


def test_the_results_page_costs_a_fixed_number_of_queries(client, unna, django_assert_max_num_queries):
    for number in range(15):
        centre = make_centre(f"centre-{number}", districts=("05978",), situations=("attack",))
        OpeningHours.objects.create(centre=centre, weekday=1, opens="09:00", closes="12:00")
    # Cold: the stamp (read, set), six queries for the snapshot, three for the postcode, two for
    # the directory's needs (nearby.py; no public entry offers one here, so no search near the place).
    with django_assert_max_num_queries(14):
        cold = client.get("/de/help/results/", ATTACK_IN_UNNA)
    assert len(offer_slugs(cold.content.decode())[0]) == 16
    # Warm: the same question again costs nothing; another place only its lookup.
    with django_assert_max_num_queries(0):
        client.get("/de/help/results/", ATTACK_IN_UNNA)
    with django_assert_max_num_queries(3):
        client.get("/de/help/results/", {"situation": "attack", "place": "44137"})


def test_nothing_of_the_question_is_stored(client, unna):
    from beistand.audit.models import AuditEvent
    from beistand.keys.testing import database_holds

    events = AuditEvent.objects.count()
    for path in ("/de/help/results/", "/api/v1/helpfinder"):
        client.get(path, {"situation": "domestic_violence", "place": "Geheimweiler-Zwölf", "who": "relatives"},
                   REMOTE_ADDR="203.0.113.77")
    assert database_holds("Geheimweiler") == []
    assert database_holds("203.0.113.77") == []
    assert AuditEvent.objects.count() == events
