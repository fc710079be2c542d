"""The anonymous conversation as people live it: a person writes in Arabic, keeps the
passphrase, Alice answers in the inbox, the person comes back and reads the answer.
axe checks every page on the way, in Arabic, German and Leichte Sprache, the pages
with errors included."""

from __future__ import annotations

import re

import pytest

from beistand.contact.models import Conversation
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC = "تعرضت لهجوم عنصري في محطة الحافلات. أحتاج إلى مساعدة، من فضلكم."
REPLY = "Wir sind für Sie da. نحن هنا من أجلك."


@pytest.fixture(autouse=True)
def own_file_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class WritePage:
    def __init__(self, page, base_url: str, language: str) -> None:
        self.page, self.url = page, f"{base_url}/{language}/write/to/backup/"

    def open(self) -> WritePage:
        self.page.goto(self.url)
        return self

    def send(self, message: str, contact: str = "") -> None:
        self.page.locator("textarea[name=message]").fill(message)
        self.page.locator("input[name=contact]").fill(contact)
        self.page.locator("form.contact-form button[type=submit]").click()

    def passphrase(self) -> str:
        return self.page.locator("#passphrase-copy").input_value()


class ReturnPage:
    def __init__(self, page, base_url: str, language: str) -> None:
        self.page, self.url = page, f"{base_url}/{language}/write/"

    def open_with(self, passphrase: str) -> None:
        self.page.goto(self.url)
        self.page.locator("input[name=passphrase]").fill(passphrase)
        self.page.locator("form.contact-form button[type=submit]").click()


def test_a_person_writes_in_arabic_and_reads_the_answer(page, browser, live_server, alice, backup):
    base = live_server.url
    # Given BackUp's public page in Arabic, laid out right to left
    page.goto(f"{base}/ar/centres/backup/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    # When the person follows the link to write anonymously and sends nothing first
    page.locator("a[href='/ar/write/to/backup/']").click()
    assert_accessible(page)
    writing = WritePage(page, base, "ar")
    writing.send("", contact="0170 1234567")
    # Then the error is explained, linked from the summary, and what was typed is kept
    expect(page.locator(".error-summary a[href='#id_message']")).to_be_visible()
    expect(page.locator("input[name=contact]")).to_have_value("0170 1234567")
    assert_accessible(page)
    # When the person writes in Arabic and sends
    writing.send(ARABIC)
    # Then the passphrase of seven words is shown once, with a working copy button
    passphrase = writing.passphrase()
    assert len(passphrase.split()) == 7
    expect(page.locator(".passphrase-tools")).to_be_visible()
    assert_accessible(page)

    # When Alice opens the inbox, the conversation and answers
    counsellor = browser.new_context(locale="de-DE", service_workers="block")
    sign_in_directly(counsellor, base, alice)
    inbox = counsellor.new_page()
    inbox.goto(f"{base}/de/staff/inbox/")
    assert_accessible(inbox)
    reference = Conversation.objects.get().reference
    inbox.locator("table.inbox a", has_text=reference).click()
    expect(inbox.locator(".thread")).to_contain_text(ARABIC)
    assert_accessible(inbox)
    inbox.locator("textarea[name='reply-text']").fill(REPLY)
    inbox.locator("form[action$='/reply/'] button[type=submit]").click()
    expect(inbox.locator(".thread")).to_contain_text(REPLY)
    assert_accessible(inbox)
    counsellor.close()

    # When the person comes back with the passphrase, typed carelessly
    ReturnPage(page, base, "ar").open_with(f"  {passphrase.upper()}  ")
    # Then they read their message and the answer, and see when it would be deleted
    expect(page.locator(".thread")).to_contain_text(ARABIC)
    expect(page.locator(".thread .from-centre")).to_contain_text(REPLY)
    expect(page.locator(".deletion-note")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "de-ls"])
def test_the_pages_are_accessible_with_and_without_errors(page, live_server, backup, language):
    base = live_server.url
    writing = WritePage(page, base, language).open()
    assert_accessible(page)
    writing.send("x" * 20_001)
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    writing.send("Ich wurde beleidigt. <b>Hilfe</b>")
    passphrase = writing.passphrase()
    assert_accessible(page)
    returning = ReturnPage(page, base, language)
    returning.open_with(" ".join(passphrase.split()[:6]))
    expect(page.locator(".error-summary")).to_contain_text("7")
    assert_accessible(page)
    returning.open_with(passphrase)
    expect(page.locator(".thread")).to_contain_text("<b>Hilfe</b>")  # shown as text
    assert_accessible(page)
    # Deleting without ticking the box is explained on the same page
    page.locator("form[action$='/delete/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name='delete-confirm']").check()
    page.locator("form[action$='/delete/'] button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    assert not Conversation.objects.exists()
    assert_accessible(page)


def test_everything_works_without_javascript(page_without_js, live_server, backup):
    page, base = page_without_js, live_server.url
    writing = WritePage(page, base, "de").open()
    writing.send("Ohne JavaScript geschrieben")
    passphrase = writing.passphrase()
    expect(page.locator(".passphrase-tools")).to_be_hidden()  # copy needs JS; the field works without
    ReturnPage(page, base, "de").open_with(passphrase)
    expect(page.locator(".thread")).to_contain_text("Ohne JavaScript geschrieben")
    page.locator("textarea[name='more-message']").fill("Ein Nachtrag")
    page.locator("form[action$='/message/'] button[type=submit]").click()
    expect(page.locator(".thread")).to_contain_text("Ein Nachtrag")


def test_alice_sends_the_details_of_a_directory_entry_into_the_conversation(page, browser, live_server, alice,
                                                                             backup, regions):
    from beistand.contact.testing import make_conversation
    from beistand.directory.taxonomy_defaults import load_default_taxonomies
    from beistand.directory.testing import make_service

    base = live_server.url
    load_default_taxonomies()  # a transactional test before may have emptied the tables
    make_service("Psychotherapie auf Arabisch", needs=["psychotherapy"], languages=["de", "ar"], postcode="44135",
                 hours=[("MO,TU", "09:00", "17:00")])
    # Given a conversation written from the Arabic pages
    conversation, passphrase = make_conversation(backup, ARABIC, language="ar")
    counsellor = browser.new_context(locale="de-DE", service_workers="block")
    sign_in_directly(counsellor, base, alice)
    inbox = counsellor.new_page()
    inbox.goto(f"{base}/de/staff/inbox/{conversation.public_id}/")
    # When Alice looks for help in the referral directory from the conversation
    inbox.locator("a[href*='?conversation=']").click()
    assert_accessible(inbox)
    inbox.locator("select[name=language]").select_option("ar")
    inbox.locator("form[role=search] button[type=submit]").click()
    # htmx swaps the results in (after the change of the select and again after the submit):
    # wait for the swapped results before following a link in them.
    expect(inbox.locator("#directory-results")).to_contain_text("Psychotherapie auf Arabisch")
    inbox.wait_for_load_state("networkidle")
    inbox.locator("#directory-results a.button[href*='/conversations/']").first.click()
    inbox.wait_for_url(re.compile(r"/conversations/"))
    # Then the card comes in Arabic, right to left, its text ready to send
    expect(inbox.locator(".details-card")).to_have_attribute("dir", "rtl")
    expect(inbox.locator("textarea[name='reply-text']")).to_have_value(re.compile("Musterstraße 1, 44135 Dortmund"))
    assert_accessible(inbox)
    # When she sends it
    inbox.locator("form[action$='/reply/'] button[type=submit]").click()
    expect(inbox.locator(".thread")).to_contain_text("Psychotherapie auf Arabisch")
    counsellor.close()
    # Then the person reads the address with their passphrase
    ReturnPage(page, base, "ar").open_with(passphrase)
    expect(page.locator(".thread .from-centre")).to_contain_text("Musterstraße 1, 44135 Dortmund")
    assert_accessible(page)
