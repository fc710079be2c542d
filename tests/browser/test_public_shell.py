"""The public shell in a real browser: accessible, right-to-left, small screens, no script needed."""

from __future__ import annotations

import pytest

from tests.browser.pages import assert_accessible, expect, has_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_is_accessible_and_shows_emergency_numbers(page, live_server):
    # Given a person opens the start page in German
    page.goto(f"{live_server.url}/de/")
    # Then the emergency numbers are visible and axe finds nothing
    expect(page.locator(".emergency a[href='tel:110']")).to_be_visible()
    expect(page.locator(".emergency a[href='tel:112']")).to_be_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(page, live_server):
    page.goto(f"{live_server.url}/de/")
    # When the person presses Tab once
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    # Then the skip link has the focus and is visible
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    # And Enter moves to the main content
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_switching_to_arabic_lays_the_page_out_right_to_left(page, live_server):
    page.goto(f"{live_server.url}/de/")
    # When the person opens the language switcher and picks Arabic
    page.locator(".language-switcher summary").click()
    page.locator(".language-switcher a[hreflang=ar]").click()
    # Then the page is Arabic, right to left, and still accessible
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.url == f"{live_server.url}/ar/"
    brand_box = page.locator(".brand").bounding_box()
    assert brand_box is not None and brand_box["x"] > page.viewport_size["width"] / 2
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/de/", "/ar/", "/de/centres/"])
def test_no_horizontal_scrolling_at_320_pixels(page, live_server, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{path}")
    assert has_no_horizontal_scroll(page)
    assert_accessible(page)


def test_language_switch_works_without_javascript(page_without_js, live_server):
    page = page_without_js
    page.goto(f"{live_server.url}/de/")
    page.locator(".language-switcher summary").click()
    page.locator(".language-switcher a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_not_found_page_is_accessible(page, live_server, console_errors):
    response = page.goto(f"{live_server.url}/de/centres/does-not-exist/")
    assert response is not None and response.status == 404
    expect(page.locator("main h1")).to_have_text("Seite nicht gefunden")
    assert_accessible(page)
    # The browser logs the expected 404 of the page itself as a console error.
    console_errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")
