"""The referral directory in the browser (issue 6, "Done when"): Alice finds a psychotherapist within
30 km of 44137 who speaks Arabic, refers Nadia from her case to them, and hands Nadia the card in
Arabic. Lena's entry form explains bad input. axe checks every page visited."""

from __future__ import annotations

import pytest

from beistand.cases.actions.core import add_new_person
from beistand.cases.models import Referral
from beistand.cases.testing import make_case
from beistand.directory.choices import Visibility
from beistand.directory.taxonomy_defaults import load_default_taxonomies
from beistand.directory.testing import make_service
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)


class DirectorySearch:
    def __init__(self, page) -> None:
        self.page = page

    def find(self, need: str, language: str, place: str, radius: str) -> None:
        self.page.locator("select[name=need]").select_option(need)
        self.page.locator("select[name=language]").select_option(language)
        self.page.locator("input[name=place]").fill(place)
        self.page.locator("select[name=radius]").select_option(radius)
        self.page.locator("form[role=search] button[type=submit]").click()

    def results(self):
        return self.page.locator("#directory-results .result")


@pytest.fixture
def directory(regions, state_network, backup):
    load_default_taxonomies()  # a transactional test before may have emptied the tables
    near = make_service("Psychotherapie auf Arabisch – Praxis Haddad", visibility=Visibility.NETWORK,
                        network=state_network, owner_centre=backup, needs=["psychotherapy"], languages=["de", "ar"],
                        postcode="44135", hours=[("MO,TU,WE,TH,FR", "08:00", "18:00")])
    make_service("Psychotherapie auf Türkisch", needs=["psychotherapy"], languages=["tr"], postcode="44137")
    make_service("Psychotherapie auf Arabisch in Köln", needs=["psychotherapy"], languages=["ar"], postcode="50667", city="Köln")
    return near


def test_alice_finds_an_arabic_speaking_psychotherapist_refers_nadia_and_hands_her_the_card(
    page, context, live_server, alice, backup, directory
):
    # Given a case of BackUp with Nadia, who speaks Arabic, and Alice signed in
    case = make_case(backup, assigned=[alice])
    nadia = add_new_person(case, pseudonym="Nadia K.", languages=["ar"])
    sign_in_directly(context, live_server.url, alice)

    # When she starts a referral and looks for a partner in the directory
    page.goto(f"{live_server.url}/en/staff/cases/{case.public_id}/referrals/new/")
    page.locator(f"main a[href$='?case={case.public_id}']").click()
    expect(page.locator("form[role=search]")).to_be_visible()
    assert_accessible(page)
    # and searches a psychotherapist within 30 km of 44137 who speaks Arabic
    search = DirectorySearch(page)
    search.find("psychotherapy", "ar", "44137", "30")

    # Then only the practice in Dortmund is found, with why it matches and when it was verified
    expect(search.results()).to_have_count(1)
    result = search.results().first
    expect(result).to_contain_text(directory.name)
    expect(result.locator(".reasons")).to_contain_text("Arabic")  # the staff pages here are English
    expect(result.locator(".reasons")).to_contain_text("44137")
    assert_accessible(page)

    # When she refers Nadia to it
    result.locator(f"a[href*='/entries/{directory.public_id}/refer/']").click()
    expect(page.locator("input[name=partner]")).to_have_value(f"{directory.provider.name} – {directory.name}")
    expect(page.locator("select[name=purpose]")).to_have_value("psychological")
    assert_accessible(page)
    page.locator("select[name=person]").select_option(str(nadia.public_id))
    page.locator("main form.record-form button[type=submit]").click()

    # Then the referral is saved with the entry, and the card for Nadia is in Arabic, right to left
    card = page.locator("section.details-card")
    expect(card).to_have_attribute("lang", "ar")
    expect(card).to_have_attribute("dir", "rtl")
    expect(card).to_contain_text("Musterstraße 1, 44135 Dortmund")
    expect(card.locator("a[href^='tel:+49']")).to_be_visible()
    expect(page.locator("#card-text")).to_contain_text(directory.name)
    assert "Nadia" not in card.inner_text()
    referral = Referral.objects.get(case=case)
    assert referral.directory_entry == directory and referral.person == nadia
    assert_accessible(page)


def test_an_unknown_place_is_explained_on_the_search_page(page, context, live_server, alice, directory):
    sign_in_directly(context, live_server.url, alice)
    page.goto(f"{live_server.url}/en/staff/directory/")
    DirectorySearch(page).find("psychotherapy", "ar", "99999", "30")
    expect(page.locator(".error-summary")).to_contain_text("99999")
    expect(page.locator("input[name=place]")).to_have_value("99999")
    assert_accessible(page)


def test_lena_gets_her_bad_phone_number_explained_in_the_entry_form(page, context, live_server, lena, state_network, regions):
    load_default_taxonomies()
    sign_in_directly(context, live_server.url, lena)
    page.goto(f"{live_server.url}/en/staff/directory/new/")
    assert_accessible(page)
    page.locator("input[name='provider-name']").fill("Praxis Beispiel")
    page.locator("input[name='entry-name']").fill("Traumatherapie")
    page.locator("input[name='place-address_1']").fill("Hohe Straße 1")
    page.locator("input[name='place-postal_code']").fill("44137")
    page.locator("input[name='place-city']").fill("Dortmund")
    page.locator("input[name='phones-0-number']").fill("ruf mich an")
    page.locator("main form.directory-form button[type=submit]").click()
    expect(page.locator(".error-summary a[href='#id_phones-0-number']")).to_be_visible()
    expect(page.locator("input[name='entry-name']")).to_have_value("Traumatherapie")
    assert_accessible(page)


def test_the_other_directory_pages_are_accessible(page, context, live_server, lena, directory, backup):
    # Given an entry with a note of Lena's centre, and Lena signed in
    from beistand.directory import actions

    actions.add_note(lena, directory, backup, "Lange Warteliste, aber sehr einfühlsam.")
    sign_in_directly(context, live_server.url, lena)
    base = f"{live_server.url}/en/staff/directory"
    # When she opens the entry, its history, the checking queue, the taxonomy and the exchange page
    for path in (f"/entries/{directory.public_id}/", f"/entries/{directory.public_id}/history/", "/checking/",
                 "/taxonomy/", "/exchange/", f"/entries/{directory.public_id}/edit/"):
        page.goto(base + path)
        # Then each page is there and passes axe
        expect(page.locator("main h1")).to_be_visible()
        assert_accessible(page)
    page.goto(f"{base}/entries/{directory.public_id}/")
    expect(page.locator("#notes + .notes")).to_contain_text("Lange Warteliste")
