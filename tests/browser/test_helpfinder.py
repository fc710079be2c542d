"""The help finder in a real browser: German and Arabic (right to left), with and without
JavaScript, axe on every page on the way, the error page included."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from beistand.helpfinder import snapshot
from tests.browser.pages import assert_accessible, expect, has_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def demo(regions, settings):
    """The demo network with its routing and directory; the snapshot of an earlier test's rows is dropped."""
    from beistand.demo.network import load_demo_network
    from beistand.directory.demo import load_demo_directory
    from beistand.directory.taxonomy_defaults import load_default_taxonomies
    from beistand.helpfinder.demo import load_demo_routing

    settings.DEMO_ALLOWED = True
    snapshot.forget()
    load_demo_network()
    load_demo_routing()
    load_default_taxonomies()  # a transactional test before may have emptied the tables
    load_demo_directory()
    yield
    snapshot.forget()


class HelpFinder:
    """The questions, on the start page or the help finder's own page."""

    def __init__(self, page) -> None:
        self.page = page

    def choose(self, situation: str) -> HelpFinder:
        self.page.locator(f"label[for='id_situation_{situation}']").click()
        return self

    def place(self, text: str) -> HelpFinder:
        self.page.locator("#id_place").fill(text)
        return self

    def find(self) -> None:
        self.page.locator("form.helpfinder-form button[type=submit]").click()

    def first_centre(self):
        return self.page.locator("#offers-heading + .offers .offer h3 a").first


def test_a_person_finds_backup_from_the_german_start_page(page, live_server):
    # Given the start page in German
    page.goto(f"{live_server.url}/de/")
    assert_accessible(page)
    # When the person says they were attacked in 44137
    HelpFinder(page).choose("attack").place("44137").find()
    # Then BackUp comes first, with its reasons and a way to write anonymously
    finder = HelpFinder(page)
    expect(finder.first_centre()).to_have_text("BackUp")
    expect(page.locator(".offer").first.locator(".reasons")).to_contain_text("Dortmund")
    expect(page.locator(".offer").first.locator("a[href='/de/write/to/backup/']")).to_be_visible()
    expect(page.locator(".emergency a[href='tel:110']")).to_be_visible()
    # And further help near Dortmund follows: the forensic ambulance among it
    expect(page.locator(".nearby")).to_have_count(5)
    expect(page.locator("#nearby-heading ~ .offers")).to_contain_text("Gewaltopferambulanz Dortmund")
    assert_accessible(page)


def test_arabic_lays_the_help_finder_out_right_to_left(page, live_server):
    # Given the help finder in Arabic
    page.goto(f"{live_server.url}/ar/help/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#id_language")).to_have_value("ar")
    assert_accessible(page)
    # When the person asks about violence at home in Cologne
    HelpFinder(page).choose("domestic_violence").place("50667").find()
    # Then the domestic-violence centre of Cologne comes first, the nationwide line follows
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(HelpFinder(page).first_centre()).to_contain_text("Köln")
    expect(page.locator("#helplines-heading + .offers")).to_contain_text("116 016")
    # And an Arabic-speaking practice in Cologne under further help
    expect(page.locator("#nearby-heading ~ .offers")).to_contain_text("Praxis Mansour")
    card = page.locator(".offer").first.bounding_box()
    heading = page.locator(".offer h3").first.bounding_box()
    assert card and heading and heading["x"] + heading["width"] > card["x"] + card["width"] * 0.6
    assert_accessible(page)


def test_mistakes_are_explained_accessibly(page, live_server):
    page.goto(f"{live_server.url}/ar/help/")
    # When the person sends the questions without answers
    HelpFinder(page).place("abcde").find()
    # Then the error summary links to the questions and the typed text stays
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_situation']")).to_be_visible()
    expect(page.locator("#id_place")).to_have_value("abcde")
    assert_accessible(page)


def test_nobody_responsible_in_berlin_says_so(page, live_server):
    page.goto(f"{live_server.url}/de/help/")
    HelpFinder(page).choose("attack").place("10115").find()
    expect(page.locator(".no-cover")).to_be_visible()
    expect(page.locator("#helplines-heading")).to_be_visible()
    assert_accessible(page)


def test_the_help_finder_works_without_javascript(page_without_js, page, live_server):
    browser = page_without_js
    # Given a browser without JavaScript on the start page
    browser.goto(f"{live_server.url}/de/")
    # When the person answers the first questions and asks
    HelpFinder(browser).choose("exit").place("Dortmund").find()
    # Then the results page names ComeBack
    expect(HelpFinder(browser).first_centre()).to_have_text("ComeBack")
    visited = [browser.url]
    # And the "more about you" questions open without script too
    browser.goto(f"{live_server.url}/de/")
    browser.locator(".more-questions summary").click()
    browser.locator("label[for='id_who_witnesses']").click()
    HelpFinder(browser).choose("attack").place("50667").find()
    expect(HelpFinder(browser).first_centre()).to_have_text("Opferberatung Rheinland")
    with translation.override("de"):
        witnesses_too = gettext("Counsels witnesses too")
    expect(browser.locator(".offer").first.locator(".reasons")).to_contain_text(witnesses_too)
    visited.append(browser.url)
    # axe needs script, so it checks the same server-rendered pages in a second browser
    for url in visited:
        page.goto(url)
        assert_accessible(page)


@pytest.mark.parametrize("path", ["/de/", "/ar/help/", "/ar/help/results/?situation=attack&place=44137"])
def test_no_horizontal_scrolling_at_320_pixels(page, live_server, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{path}")
    assert has_no_horizontal_scroll(page)
    assert_accessible(page)
