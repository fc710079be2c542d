"""Bad input on the help finder: a clear message in the page's language, what was typed kept,
never a 500 — on the pages and through the API."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.helpfinder.tests.conftest import api

pytestmark = pytest.mark.django_db

FIELDS = ["situation", "who", "place", "no_place", "language", "contact", "district", "lang"]


def errors_page(client: Client, **answers: str) -> str:
    response = client.get("/en/help/results/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    return html


def test_nothing_chosen_asks_for_what_happened_and_a_place(client, regions):
    html = errors_page(client)
    assert '<a href="#id_situation">What happened?: Please choose what happened.</a>' in html
    assert "Please enter your postcode or town, or tick “I&#x27;d rather not say”." in html


@pytest.mark.parametrize(("place", "message"), [
    ("abcde", "We could not find a town or district with this name."),
    ("1234", "A postcode has five digits."),
    ("00000", "We do not know the postcode 00000."),
    ("x" * 101, "That is too long for a place name."),
    ("Köln\u200b", "Please enter a postcode or a place name using letters and digits."),
])
def test_a_bad_place_gets_a_clear_message_and_stays_in_the_field(client, regions, place, message):
    html = errors_page(client, situation="attack", place=place)
    assert message in html
    assert 'aria-invalid="true" aria-describedby="place-error"' in html
    if len(place) <= 100 and "\u200b" not in place:
        assert f'value="{place}"' in html
    assert 'value="attack" id="id_situation_attack" checked' in html


def test_html_and_script_are_shown_as_text(client, regions):
    html = errors_page(client, situation="attack", place="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_made_up_choices_are_refused_politely(client, regions):
    html = errors_page(client, situation="robbery", who="king", language="klingon", contact="pigeon",
                       place="44137")
    assert html.count("Please choose one of the options.") >= 3
    assert "What happened?: Please choose one of the options." in html


def test_a_district_that_is_not_a_key_is_ignored(client, regions):
    response = client.get("/en/help/results/", {"situation": "attack", "place": "44137", "district": "<b>"})
    assert response.status_code == 200
    assert "Who can help you" in response.content.decode()


def test_the_messages_speak_the_page_language(client, regions):
    german = client.get("/de/help/results/", {"situation": "attack", "place": "1234"}).content.decode()
    assert "Eine Postleitzahl hat fünf Ziffern." in german


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=120), max_size=len(FIELDS)))
def test_no_input_makes_the_page_or_the_api_fail(client, regions, query):
    page = client.get("/en/help/results/", query)
    assert page.status_code == 200
    answer = api(client, **query)
    assert answer.status_code in (200, 400)
    assert set(answer.json()) in ({"error"}, {"place", "results", "helplines", "emergency"})
