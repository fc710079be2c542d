"""Search by need, language, distance, features and opening hours; results say why they match."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from beistand.directory import access
from beistand.directory.geo import Point, distance_km, find_place
from beistand.directory.models import TaxonomyTerm
from beistand.directory.search import Criteria, search
from beistand.directory.testing import make_service

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def criteria(**fields):
    place = fields.pop("place", None)
    return Criteria(place=find_place(place)[0] if place else None, **fields)


def names(page):
    return [result.service.name for result in page.results]


def test_haversine_distance_dortmund_to_cologne_is_about_73_km():
    assert 70 < distance_km(Point(51.5136, 7.4653), Point(50.9375, 6.9603)) < 76


def test_a_psychotherapist_within_30_km_of_44137_who_speaks_arabic(alice, network_entry):
    psychotherapy = TaxonomyTerm.objects.get(code="psychotherapy")
    bochum = make_service("Bochum, Arabisch", needs=["psychotherapy"], languages=["ar"], postcode="44787", city="Bochum")
    make_service("Dortmund, nur Türkisch", needs=["psychotherapy"], languages=["tr"], postcode="44137")
    make_service("Köln, Arabisch", needs=["psychotherapy"], languages=["ar"], postcode="50667", city="Köln")
    make_service("Dortmund, Anwalt auf Arabisch", needs=["legal"], languages=["ar"], postcode="44137")

    page = search(access.readable_services(alice),
                  criteria(need=psychotherapy, language="ar", place="44137", radius_km=30))

    assert names(page) == [network_entry.name, bochum.name]  # nearest first
    first = page.results[0]
    assert first.distance_km < page.results[1].distance_km <= 30
    assert "Speaks Arabic" in first.reasons
    assert "Offers: Psychotherapie" in first.reasons
    assert any(reason.endswith("km from 44137 Dortmund") for reason in first.reasons)


def test_a_broader_need_finds_the_narrower_terms(alice, network_entry):
    psychological = TaxonomyTerm.objects.get(code="psychological")
    page = search(access.readable_services(alice), criteria(need=psychological))
    assert names(page) == [network_entry.name]


def test_a_town_name_is_a_place_too(alice, network_entry):
    page = search(access.readable_services(alice), criteria(place="Bochum", radius_km=30))
    assert names(page) == [network_entry.name]
    assert page.results[0].distance_km > 5


def test_features_filter_and_show_as_reasons(alice):
    free = TaxonomyTerm.objects.get(code="free-of-charge")
    make_service("Kostenpflichtig")
    gratis = make_service("Kostenlos", features=["free-of-charge"])
    page = search(access.readable_services(alice), criteria(features=[free]))
    assert names(page) == [gratis.name]
    assert page.results[0].reasons == ["Kostenlos"]


def test_open_now_follows_the_opening_hours(alice):
    make_service("Vormittags", hours=[("MO,TU", "08:00", "12:00")])
    make_service("Nachmittags", hours=[("MO", "14:00", "18:00")])
    monday_morning = datetime.datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN)
    page = search(access.readable_services(alice), criteria(open_now=True, now=monday_morning))
    assert names(page) == ["Vormittags"]
    assert "Open now, until 12:00" in page.results[0].reasons


def test_defunct_entries_are_not_found(alice):
    make_service("Gibt es nicht mehr", status="defunct")
    assert search(access.readable_services(alice), criteria()).total == 0


def test_the_search_page_shows_reasons_and_last_verified(alice, client_for, network_entry):
    response = client_for(alice).get(reverse("directory:search"), {"need": "psychotherapy", "language": "ar", "place": "44137", "radius": "30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert network_entry.name in page
    assert "Speaks Arabic" in page
    assert "Last verified on" in page
    assert "OpenStreetMap" in page


def test_unknown_places_get_a_clear_message_and_keep_the_input(alice, client_for):
    response = client_for(alice).get(reverse("directory:search"), {"place": "99999", "language": "ar"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "We do not know the postcode 99999" in page
    assert 'value="99999"' in page
    assert '<option value="ar" selected>' in page


@pytest.mark.parametrize("bad", ["<script>", "1234", "x" * 300, "\u200b"])
def test_bad_place_input_never_breaks_the_page(alice, client_for, bad):
    response = client_for(alice).get(reverse("directory:search"), {"place": bad, "radius": "nonsense", "page": "-3"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_entries_that_need_checking_are_marked(alice, client_for):
    make_service("Alt", verified_on=datetime.date.today() - datetime.timedelta(days=400))
    page = client_for(alice).get(reverse("directory:search"), {"q": "Alt"}).content.decode()
    assert "needs checking" in page


def test_results_are_paged(alice):
    for number in range(25):
        make_service(f"Praxis {number:02d}", postcode=None)
    first = search(access.readable_services(alice), criteria(), page=1)
    last = search(access.readable_services(alice), criteria(), page=9)
    assert first.total == 25 and len(first.results) == 20 and first.has_next
    assert last.number == 2 and len(last.results) == 5


def test_the_search_page_costs_a_bounded_number_of_queries(alice, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    client.get(reverse("directory:search"))
    query = {"need": "psychotherapy", "language": "ar", "place": "44137"}
    counts, made = [], 0
    for total in (3, 30):
        for number in range(made, total):
            make_service(f"Praxis {number}", needs=["psychotherapy"], languages=["ar"], hours=[("MO", "08:00", "12:00")])
        made = total
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("directory:search"), query)
        counts.append(len(queries))
    assert response.content.decode().count('class="card result"') == 20
    # The same for 3 entries as for a full page of 30, whatever is found; 6 of them are the session and layout.
    assert counts[0] == counts[1] <= 24


def test_htmx_asks_for_the_results_only(alice, client_for, network_entry):
    response = client_for(alice).get(reverse("directory:search"), {"q": "Arabisch"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="directory-search-area">')
    assert network_entry.name in page


def test_a_private_entry_of_another_centre_is_never_a_result(alice, rheinland_private):
    assert rheinland_private.name not in names(search(access.readable_services(alice), criteria()))
