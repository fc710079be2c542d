"""“Leave this page quickly” on the public pages, in a real browser.

The neutral site is never reached: every request to another host is answered by
Playwright's router inside the browser (navigations to the neutral site with a
stand-in page, anything else refused and reported), so no test touches the
network.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from tests.browser.pages import assert_accessible, expect

pytestmark = pytest.mark.django_db(transaction=True)

STAND_IN = "<!doctype html><html lang='en'><title>Neutral</title><h1>A neutral page</h1></html>"


@dataclass
class OtherHosts:
    """What the browser asked of hosts other than this site."""

    base_url: str
    navigations: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def handle(self, route: Route) -> None:
        request = route.request
        if request.is_navigation_request() and request.url.startswith("https://"):
            self.navigations.append({"url": request.url, "referer": request.headers.get("referer")})
            route.fulfill(status=200, content_type="text/html", body=STAND_IN)
        else:
            self.refused.append(request.url)
            route.abort()

    def watch(self, context: BrowserContext) -> None:
        context.route(lambda url: not url.startswith(self.base_url), self.handle)


@pytest.fixture
def other_hosts(live_server) -> OtherHosts:
    return OtherHosts(live_server.url)


@pytest.fixture
def person(context, other_hosts, console_errors) -> Iterator[Page]:
    """A visitor's tab with JavaScript; fails the test on console errors or foreign resources."""
    other_hosts.watch(context)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield page
    assert not other_hosts.refused, f"requests to other hosts: {other_hosts.refused}"
    assert not console_errors, f"browser console errors: {console_errors}"


class QuickExit:
    """The control at the top of every public page, read once the page has loaded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.link = page.locator("a[data-quick-exit]")
        self.target = self.link.get_attribute("href") or ""
        assert self.target.startswith("https://"), self.target

    def wait_until_left(self) -> None:
        self.page.wait_for_url(self.target)
        expect(self.page.locator("h1")).to_have_text("A neutral page")


def test_tab_reaches_the_control_right_after_the_skip_link_and_enter_leaves(person, live_server, other_hosts):
    # Given the start page in German
    person.goto(f"{live_server.url}/de/")
    quick_exit = QuickExit(person)
    # When the person presses Tab twice
    person.keyboard.press("Tab")
    expect(person.locator(".skip-link")).to_be_focused()
    person.keyboard.press("Tab")
    # Then the second stop is the control, visible at the top and announced with its shortcut
    expect(quick_exit.link).to_be_focused()
    expect(quick_exit.link).to_be_in_viewport()
    expect(quick_exit.link).to_have_attribute("aria-keyshortcuts", "Escape")
    expect(person.locator("[data-quick-exit-hint]")).to_be_visible()
    # When they press Enter
    person.keyboard.press("Enter")
    # Then the neutral site replaces the page, and it learns nothing about where the person came from
    quick_exit.wait_until_left()
    assert other_hosts.navigations == [{"url": quick_exit.target, "referer": None}]


def test_escape_leaves_from_anywhere_even_while_typing(person, live_server, backup):
    person.goto(f"{live_server.url}/de/write/to/backup/")
    quick_exit = QuickExit(person)
    person.locator("textarea[name=message]").fill("Ich wurde angegriffen")
    # When the person presses Esc while the cursor is in the message field
    person.keyboard.press("Escape")
    # Then the page is replaced by the neutral site
    quick_exit.wait_until_left()


def test_back_does_not_lead_back_to_the_help_pages(person, live_server, backup):
    base = live_server.url
    # Given a person who looked at the start page, then at a centre
    person.goto(f"{base}/de/")
    person.goto(f"{base}/de/centres/backup/")
    quick_exit = QuickExit(person)
    entries = person.evaluate("history.length")
    # When they leave quickly
    person.keyboard.press("Escape")
    quick_exit.wait_until_left()
    # Then the neutral site took the centre page's place in the history instead of adding to it
    assert person.evaluate("history.length") == entries
    # When somebody presses Back on the neutral site
    person.go_back()
    # Then the earlier page of this site leaves again at once: Back shows the neutral site
    quick_exit.wait_until_left()
    assert not person.url.startswith(base)


def test_coming_back_on_purpose_shows_the_page_again(person, live_server):
    base = live_server.url
    person.goto(f"{base}/de/centres/")
    quick_exit = QuickExit(person)
    quick_exit.link.click()
    quick_exit.wait_until_left()
    # When the person opens the site again later in the same tab
    person.goto(f"{base}/de/")
    person.wait_for_load_state("load")
    # Then the page stays, and nothing of the earlier exit is left in the tab
    assert person.evaluate("sessionStorage.length") == 0
    expect(person.locator("main h1")).to_be_visible()
    assert person.url == f"{base}/de/"


@pytest.mark.parametrize(
    "path", ["/de/", "/de/centres/", "/de/centres/backup/", "/de/write/", "/de/write/to/backup/", "/de/help/"]
)
def test_every_public_page_has_the_control_and_the_safety_tips(person, live_server, backup, path):
    person.goto(f"{live_server.url}{path}")
    quick_exit = QuickExit(person)
    expect(quick_exit.link).to_be_visible()
    assert quick_exit.link.get_attribute("rel") == "noreferrer"
    # The safety tips are one link away, and not hidden under the bar once there
    person.locator(".safety-tips-link").click()
    tips = person.locator("#safety-tips")
    expect(tips).to_be_in_viewport()
    expect(tips.locator("li")).to_have_count(3)
    bar = person.locator(".quick-exit").bounding_box()
    heading = person.locator("#safety-tips-heading").bounding_box()
    assert bar and heading and heading["y"] >= bar["y"] + bar["height"]
    assert_accessible(person)


def test_the_not_found_page_has_the_control_too(person, live_server, console_errors):
    response = person.goto(f"{live_server.url}/de/centres/does-not-exist/")
    assert response is not None and response.status == 404
    expect(QuickExit(person).link).to_be_visible()
    assert_accessible(person)
    # The browser logs the expected 404 of the page itself as a console error.
    console_errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")


def test_the_control_stays_in_reach_while_scrolling_on_a_small_phone(person, live_server, backup):
    person.set_viewport_size({"width": 320, "height": 480})
    person.goto(f"{live_server.url}/de/centres/backup/")
    person.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert person.evaluate("window.scrollY") > 0
    expect(QuickExit(person).link).to_be_in_viewport()
    assert person.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl"), ("de-ls", "ltr")])
def test_the_control_sits_at_the_line_end_and_is_accessible_in_each_direction(
    person, live_server, language, direction
):
    person.goto(f"{live_server.url}/{language}/")
    expect(person.locator("html")).to_have_attribute("dir", direction)
    box = QuickExit(person).link.bounding_box()
    middle = person.viewport_size["width"] / 2
    assert box is not None
    # The end of the line: on the right in German, on the left in Arabic
    assert (box["x"] > middle) if direction == "ltr" else (box["x"] + box["width"] < middle)
    assert_accessible(person)


def test_without_javascript_the_control_is_a_plain_link_that_leaves(page_without_js, live_server):
    page = page_without_js
    other_hosts = OtherHosts(live_server.url)
    other_hosts.watch(page.context)
    page.goto(f"{live_server.url}/de/")
    quick_exit = QuickExit(page)
    # The Esc hint is only there when Esc works
    expect(page.locator("[data-quick-exit-hint]")).to_be_hidden()
    quick_exit.link.click()
    quick_exit.wait_until_left()
    assert other_hosts.navigations == [{"url": quick_exit.target, "referer": None}]
    assert not other_hosts.refused


def test_a_page_restored_from_the_back_forward_cache_after_leaving_leaves_again(person, live_server):
    # Given a page of this site in a tab from which the person has left quickly
    person.goto(f"{live_server.url}/de/centres/")
    quick_exit = QuickExit(person)
    person.evaluate("sessionStorage.setItem('quick-exit', '1')")
    # When the browser shows it again from its back/forward cache (which the test
    # browser does not keep, so the event the browser would send is sent here)
    person.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    # Then it leaves for the neutral site at once
    quick_exit.wait_until_left()


def _shell_passes_the_neutral_site() -> bool:
    from django.test import RequestFactory

    from beistand.lib.context_processors import shell

    return "quick_exit_url" in shell(RequestFactory().get("/de/"))


@pytest.mark.skipif(
    not _shell_passes_the_neutral_site(),
    reason="QUICK_EXIT_URL (BEISTAND_QUICK_EXIT_URL) is not yet passed to the templates",
)
def test_the_neutral_site_is_the_configured_one(person, live_server, settings, other_hosts):
    settings.QUICK_EXIT_URL = "https://neutral.example/weather"
    person.goto(f"{live_server.url}/de/")
    person.keyboard.press("Escape")
    person.wait_for_url("https://neutral.example/weather")
    assert other_hosts.navigations == [{"url": "https://neutral.example/weather", "referer": None}]
