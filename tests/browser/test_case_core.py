"""A counsellor's first steps with a case: create it, add a person, find it again by the pseudonym.
axe checks the list, the form (also with its errors) and the case page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beistand.cases.models import Case
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)


class CaseListPage:
    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.url = f"{base_url}/en/staff/cases/"

    def open(self) -> CaseListPage:
        self.page.goto(self.url)
        return self

    def search(self, text: str) -> None:
        self.page.locator("#case-filters input[name=q]").fill(text)
        self.page.locator("#case-filters button[type=submit]").click()

    @property
    def results(self):
        return self.page.locator("#case-results")


def test_alice_creates_a_case_adds_a_person_and_finds_it(page, context, live_server, alice, bob, backup):
    # Given Alice, counsellor at BackUp, is signed in and opens her cases
    sign_in_directly(context, live_server.url, alice)
    cases = CaseListPage(page, live_server.url).open()
    expect(page.locator("main h1")).to_have_text("Cases")
    assert_accessible(page)

    # When she starts a new case and dates the first contact tomorrow
    page.locator("main a.button", has_text="New case").click()
    assert_accessible(page)
    page.locator("select[name=kind]").select_option("victim")
    page.locator("select[name=access_channel]").select_option("police")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.locator("input[name=received_on]").fill(tomorrow.isoformat())
    page.locator("input[name=title]").fill("Angriff an der Haltestelle")
    page.locator("input[name=assigned]").first.check()
    page.locator("main form button[type=submit]").click()

    # Then the form explains the date and keeps what she typed
    expect(page.locator(".error-summary")).to_contain_text("lies in the future")
    expect(page.locator("input[name=title]")).to_have_value("Angriff an der Haltestelle")
    assert_accessible(page)

    # When she corrects the date and saves
    page.locator("input[name=received_on]").fill(timezone.localdate().isoformat())
    page.locator("main form button[type=submit]").click()

    # Then the case page shows the new case
    case = Case.objects.get()
    expect(page.locator("main h1")).to_contain_text(case.reference)
    expect(page.locator(".case-header")).to_contain_text("Alice")
    assert_accessible(page)

    # When she adds a person by pseudonym
    page.locator("main a", has_text="Add a person").click()
    assert_accessible(page)
    page.locator("input[name=pseudonym]").fill("Rosa Blau")
    page.locator("input[name=languages][value=tr]").check()
    page.locator("main form", has_text="Add the new person").locator("button[type=submit]").click()

    # Then the person is listed on the case page
    expect(page.locator(".person-list")).to_contain_text("Rosa Blau")
    assert_accessible(page)

    # When she searches the list for the pseudonym, typed a little differently
    cases.open()
    cases.search("  rosa blau ")

    # Then exactly her case is found, and the pseudonym is in no address
    expect(cases.results).to_contain_text(case.reference)
    expect(cases.results).to_contain_text("1 case")
    assert "rosa" not in page.url.lower()
    assert_accessible(page)
    cases.results.locator(f"a:has-text('{case.reference}')").click()
    expect(page.locator("main h1")).to_contain_text(case.reference)


def test_the_list_works_without_javascript(page_without_js, context, live_server, alice, backup):
    from beistand.cases.actions.core import add_new_person
    from beistand.cases.testing import make_case

    case = make_case(backup, assigned=[alice])
    add_new_person(case, pseudonym="Ohne Skript")
    sign_in_directly(page_without_js.context, live_server.url, alice)
    cases = CaseListPage(page_without_js, live_server.url).open()
    cases.search("ohne skript")
    expect(cases.results).to_contain_text(case.reference)
    expect(cases.results).to_contain_text("Ohne Skript")


def test_paging_keeps_the_filters_with_htmx(page, context, live_server, alice, backup):
    from beistand.cases.testing import make_case

    for _ in range(27):
        make_case(backup, assigned=[alice])
    make_case(backup)  # not Alice's
    sign_in_directly(context, live_server.url, alice)
    cases = CaseListPage(page, live_server.url).open()
    page.evaluate("window.__marker = 'same page'")
    # When she shows only her cases (the results update as she ticks the box)
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("#case-filters input[name=mine]").check()
    expect(cases.results).to_contain_text("Cases 1 to 25")
    # And goes to the next page
    cases.results.locator("button", has_text="Next page").click()
    # Then the second page of her cases replaces the results, on the same page
    expect(cases.results).to_contain_text("Cases 26 to 27")
    assert page.evaluate("window.__marker") == "same page"
    assert_accessible(page)
