"""Alice's deadlines and documents in the browser: a criminal-complaint deadline that shows on
"my week" and comes back as a reminder on her start page, and a photo with its preview.
axe checks every page on the way."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from beistand.cases import deadlines as rules
from beistand.cases.choices import DeadlineKind
from beistand.cases.models import Notice, NoticeKind
from beistand.cases.tasks import send_deadline_reminders
from beistand.cases.testing import make_case
from beistand.cases.tests.test_care_helpers import image_bytes, media  # noqa: F401 -- media is a fixture
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)


def event_due_about_now() -> tuple[datetime.date, datetime.date]:
    """An event whose three-month complaint period ends today or a few days ago (so it is on "my week")."""
    today = timezone.localdate()
    for days_back in range(0, 120):
        event = today - datetime.timedelta(days=days_back)
        due = rules.due_date(DeadlineKind.CRIMINAL_COMPLAINT, event)
        if today - datetime.timedelta(days=4) <= due <= today:
            return event, due
    raise AssertionError("no event found")  # pragma: no cover -- every month has such a day


class CasePage:
    def __init__(self, page, base_url: str, case) -> None:
        self.page, self.case = page, case
        self.url = f"{base_url}/en/staff/cases/{case.public_id}/"

    def open(self) -> CasePage:
        self.page.goto(self.url)
        expect(self.page.locator("main h1")).to_contain_text(self.case.reference)
        return self

    def add_deadline(self) -> None:
        self.page.locator(f"a[href$='/cases/{self.case.public_id}/deadlines/new/']").click()

    def add_document(self) -> None:
        self.page.locator(f"a[href$='/cases/{self.case.public_id}/documents/new/']").click()


def test_alice_keeps_a_deadline_and_a_photo(page, context, live_server, alice, backup, media):  # noqa: F811
    # Given a case of BackUp assigned to Alice, and Alice signed in
    case = make_case(backup, assigned=[alice])
    sign_in_directly(context, live_server.url, alice)
    case_page = CasePage(page, live_server.url, case).open()
    assert_accessible(page)

    # When she adds a criminal-complaint deadline and first asks for its due date
    case_page.add_deadline()
    assert_accessible(page)
    event, due = event_due_about_now()
    page.locator("select[name=kind]").select_option(DeadlineKind.CRIMINAL_COMPLAINT)
    page.locator("input[name=event_on]").fill(event.isoformat())
    page.locator("input[name=title]").fill("Strafantrag mit Anwältin besprechen")
    page.locator("button[name=preview]").click()
    # Then the form shows the computed date, keeps her input and saves nothing yet
    expect(page.locator("main [role=status]")).to_be_visible()
    expect(page.locator("input[name=title]")).to_have_value("Strafantrag mit Anwältin besprechen")
    assert not case.deadlines.exists()
    assert_accessible(page)
    # When she saves it
    page.locator("button[name=save]").click()
    # Then the case page lists it with a "done" button
    expect(page.locator("#care")).to_contain_text("Strafantrag mit Anwältin besprechen")
    expect(page.locator("#care form[action$='/done/'] button")).to_have_count(1)
    assert case.deadlines.get().due_on == due
    assert_accessible(page)

    # When she opens "my week"
    page.goto(f"{live_server.url}/en/staff/cases/my-week/")
    # Then the deadline is there, with its case
    expect(page.locator("main")).to_contain_text("Strafantrag mit Anwältin besprechen")
    expect(page.locator(f"main a[href*='{case.public_id}']").first).to_have_text(case.reference)
    assert_accessible(page)

    # When the daily reminders run
    assert send_deadline_reminders.enqueue().return_value["reminded"] == 1
    notice = Notice.objects.get(kind=NoticeKind.DEADLINE_DUE, recipient=alice)
    # Then her start page shows the notice: the case reference, not what the deadline is about
    page.goto(f"{live_server.url}/en/staff/")
    notices = page.locator("main .notice-list")
    expect(notices).to_contain_text(case.reference)
    expect(notices.locator(f"form[action$='/notices/{notice.public_id}/read/']")).to_have_count(1)
    expect(notices).not_to_contain_text("Strafantrag")
    assert_accessible(page)

    # When she uploads a photo to the case
    case_page.open()
    case_page.add_document()
    assert_accessible(page)
    page.locator("select[name=kind]").select_option("photo")
    page.locator("input[name=file]").set_input_files(
        {"name": "Verletzung.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(900, 600))}
    )
    page.locator("main form button[type=submit]").click()
    # Then the case page shows its preview, loaded from the server
    preview = page.locator("#documents img.document-preview")
    expect(preview).to_have_count(1)
    expect(preview).to_have_attribute("alt", re.compile("Verletzung.png"))
    preview.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#documents img.document-preview').naturalWidth === 400")
    assert_accessible(page)
