"""Journeys in the staff workspace: a coordinator maintains a centre, an admin adds a
colleague. axe checks every page on the way, including the pages that show errors."""

from __future__ import annotations

import pytest

from beistand.accounts.models import User
from beistand.network.models import Centre, District
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_corrects_a_centre_entry(page, context, live_server, kai, backup, regions):
    # Given Kai, coordinator at LKS NRW, is signed in
    sign_in_directly(context, live_server.url, kai)
    # When he opens the network directory and BackUp's entry
    page.goto(f"{live_server.url}/de/staff/network/")
    assert_accessible(page)
    page.locator(f"main a[href='/de/staff/network/centres/{backup.slug}/']").first.click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/de/staff/network/centres/{backup.slug}/edit/")
    assert_accessible(page)
    # And saves it with the name emptied and a malformed postcode
    page.locator("input[name=name]").fill("")
    page.locator("input[name=postcode]").fill("4413X")
    page.locator("form.directory-form button[type=submit]").click()
    # Then the form comes back with the errors explained and his input kept
    expect(page.locator("input[name=postcode]")).to_have_value("4413X")
    expect(page.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    # When he corrects both and adds Kreis Unna to the service area
    page.locator("input[name=name]").fill("BackUp – Beratung für Betroffene rechter Gewalt")
    page.locator("input[name=postcode]").fill("44137")
    unna = District.objects.get(ags="05978")
    page.locator(f"[name=districts] option[value='{unna.pk}'], input[name=districts][value='{unna.pk}']").first.evaluate(
        "el => el.tagName === 'OPTION' ? (el.selected = true) : (el.checked = true)"
    )
    page.locator("form.directory-form button[type=submit]").click()
    # Then the entry shows the new name, and the database has the change
    expect(page.locator("main h1")).to_contain_text("BackUp – Beratung")
    assert_accessible(page)
    backup.refresh_from_db()
    assert backup.postcode == "44137"
    assert backup.districts.filter(ags="05978").exists()


def test_counsellor_reads_the_directory_but_cannot_edit(
    page, context, live_server, alice, backup, console_errors
):
    sign_in_directly(context, live_server.url, alice)
    page.goto(f"{live_server.url}/de/staff/network/centres/{backup.slug}/")
    expect(page.locator("main h1")).to_contain_text(backup.name)
    expect(page.locator(f"a[href$='/centres/{backup.slug}/edit/']")).to_have_count(0)
    response = page.goto(f"{live_server.url}/de/staff/network/centres/{backup.slug}/edit/")
    assert response is not None and response.status == 404
    # The browser logs the expected 404 of the page itself as a console error.
    console_errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")


def test_admin_adds_a_colleague(page, context, live_server, ada, backup):
    # Given Ada, the administrator, is signed in and opens the accounts
    sign_in_directly(context, live_server.url, ada)
    page.goto(f"{live_server.url}/de/staff/accounts/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/de/staff/accounts/new/")
    assert_accessible(page)
    # When she submits a malformed e-mail address
    page.locator("input[name=display_name]").fill("Dana")
    page.locator("input[name=email]").fill("dana-at-backup")
    page.locator("main form button[type=submit]").click()
    # Then the error is explained, her input kept, and the page still accessible
    expect(page.locator("input[name=email]")).to_have_value("dana-at-backup")
    assert_accessible(page)
    # When she corrects it
    page.locator("input[name=email]").fill("dana@backup.example")
    page.locator("main form button[type=submit]").click()
    # Then the account exists, without a password, and its page is accessible
    expect(page.locator("main h1")).to_contain_text("Dana")
    assert_accessible(page)
    dana = User.objects.get(email="dana@backup.example")
    assert not dana.has_usable_password()


def test_public_centre_page_is_accessible(page, live_server, backup):
    Centre.objects.filter(pk=backup.pk).update(description="Beratung nach rechten Angriffen.")
    page.goto(f"{live_server.url}/de/centres/{backup.slug}/")
    expect(page.locator("main h1")).to_have_text(backup.name)
    assert_accessible(page)
    page.goto(f"{live_server.url}/ar/centres/{backup.slug}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)


def test_filtering_centres_updates_the_results_in_place(page, context, live_server, alice, backup, rheinland):
    # Given Alice reads the centre list with JavaScript on
    sign_in_directly(context, live_server.url, alice)
    page.goto(f"{live_server.url}/de/staff/network/")
    page.evaluate("window.__marker = 'same page'")
    # When she searches for Rheinland
    page.locator("input[name=q]").fill("Rheinland")
    page.locator("form.filters button[type=submit]").click()
    # Then only the results change: the page was not reloaded, the address can be shared
    expect(page.locator("#centre-results")).not_to_contain_text("BackUp")
    expect(page.locator("#centre-results")).to_contain_text("Opferberatung Rheinland")
    assert page.evaluate("window.__marker") == "same page"
    assert "q=Rheinland" in page.url
    assert_accessible(page)
