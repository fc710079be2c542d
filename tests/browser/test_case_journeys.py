"""The two journeys of case work, end to end in the browser (issue 5, "Done when").

1. Victim counselling from an anonymous message to closure: a person writes to BackUp without
   an account, Alice turns the conversation into a case and documents it (person, incident,
   an office and an outreach session, an accompaniment to court, a consent and the referral
   relying on it, a criminal-complaint deadline whose reminder she sees), the timeline shows it
   all, and Lena closes the case into an anonymised statistics record.
2. An exit case needs a second counsellor (four-eyes): refused with only one, created with two,
   of high protection with a reason asked on opening, and a 404 for a colleague not on it.

axe checks every page visited, the pages with errors included.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from beistand.accounts.models import Role
from beistand.cases import deadlines as rules
from beistand.cases.choices import (
    AccessChannel,
    CaseKind,
    ConsentPurpose,
    DeadlineKind,
    ProtectionLevel,
    SessionMode,
)
from beistand.cases.default_codes import install_default_lists
from beistand.cases.models import (
    Case,
    Code,
    CodeList,
    Consent,
    Notice,
    NoticeKind,
    Referral,
    StatisticsRecord,
)
from beistand.cases.tasks import send_deadline_reminders
from beistand.conftest import make_persona, with_membership
from beistand.contact.models import Conversation
from beistand.network.choices import CentreType
from beistand.network.models import Centre
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "Man hat mich am Bahnhof rassistisch beschimpft und geschlagen. Ich brauche Hilfe."
PSEUDONYM = "Samira B."
LAWYER = "Kanzlei Yilmaz"
DEADLINE_TITLE = "Strafantrag vorbereiten"
# The workspace in English: the assertions read the source strings, whatever the catalogues hold.
STAFF = "en"


@pytest.fixture(autouse=True)
def own_file_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def complaint_period_ending_soon() -> tuple[datetime.date, datetime.date]:
    """An attack whose three-month criminal-complaint period ends within the next two weeks."""
    today = timezone.localdate()
    for days_back in range(70, 100):
        event = today - datetime.timedelta(days=days_back)
        due = rules.due_date(DeadlineKind.CRIMINAL_COMPLAINT, event)
        if today < due <= today + datetime.timedelta(days=14):
            return event, due
    raise AssertionError("no such day")  # pragma: no cover -- every quarter has one


# --- page objects ---------------------------------------------------------------------------


class PublicPages:
    """The centre's public page and the anonymous writing form."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url

    def write_to_backup(self, text: str) -> str:
        """Writes from BackUp's public page; returns the passphrase shown once."""
        self.page.goto(f"{self.base_url}/de/centres/backup/")
        assert_accessible(self.page)
        self.page.locator("main a[href='/de/write/to/backup/']").first.click()
        assert_accessible(self.page)
        self.page.locator("textarea[name=message]").fill(text)
        self.page.locator("form.contact-form button[type=submit]").click()
        passphrase = self.page.locator("#passphrase-copy").input_value()
        assert_accessible(self.page)
        return passphrase


class Inbox:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.url = page, f"{base_url}/{STAFF}/staff/inbox/"

    def open_conversation(self, reference: str) -> None:
        self.page.goto(self.url)
        assert_accessible(self.page)
        self.page.locator("table.inbox a", has_text=reference).click()
        expect(self.page.locator(".thread")).to_contain_text(MESSAGE)
        assert_accessible(self.page)

    def turn_into_case(self, kind: str) -> None:
        self.page.locator("select[name='case-kind']").select_option(kind)
        self.page.locator("form[action$='/case/'] button[type=submit]").click()


class CasePage:
    """The case page and the forms its sections link to."""

    def __init__(self, page: Page, base_url: str, case: Case) -> None:
        self.page, self.case = page, case
        self.url = f"{base_url}/{STAFF}/staff/cases/{case.public_id}/"

    def open(self) -> CasePage:
        self.page.goto(self.url)
        expect(self.page.locator("main h1")).to_contain_text(self.case.reference)
        assert_accessible(self.page)
        return self

    def follow(self, path: str) -> None:
        """Follows the case page's link to one of its forms, e.g. "sessions/new/"."""
        self.page.locator(f"main a[href$='/cases/{self.case.public_id}/{path}']").first.click()
        expect(self.page.locator("main form").first).to_be_visible()
        assert_accessible(self.page)

    def save(self) -> None:
        self.page.locator("main form.record-form button[type=submit]").click()

    def add_person(self, pseudonym: str) -> None:
        self.follow("persons/add/")
        self.page.locator("input[name=pseudonym]").fill(pseudonym)
        new_person = self.page.locator("main form", has=self.page.locator("input[name=action][value=new]"))
        new_person.locator("button[type=submit]").click()
        expect(self.page.locator(".person-list")).to_contain_text(pseudonym)
        assert_accessible(self.page)

    def add_session(self, day: datetime.date, mode: str, minutes: int) -> None:
        self.follow("sessions/new/")
        self.page.locator("input[name=held_on]").fill(day.isoformat())
        self.page.locator("input[name=duration_minutes]").fill(str(minutes))
        self.page.locator("select[name=mode]").select_option(mode)
        self.save()
        expect(self.page.locator("#sessions")).to_contain_text(str(minutes))
        assert_accessible(self.page)

    def fill_referral(self, person_id: str) -> None:
        self.follow("referrals/new/")
        self.page.locator("select[name=purpose]").select_option("legal")
        self.page.locator("input[name=partner]").fill(LAWYER)
        self.page.locator("select[name=person]").select_option(person_id)
        self.page.locator("input[name=shares_data]").check()
        self.save()

    @property
    def timeline(self):
        return self.page.locator("ol.timeline")


class SecondBrowser:
    """Another person's browser beside the test's own `page` (whose fixture watches it): a
    context of its own, signed in or not, where script errors, Content-Security-Policy
    violations and requests to other hosts fail the test just the same."""

    def __init__(self, browser, base_url: str, user=None) -> None:
        self.context = browser.new_context(locale="de-DE", service_workers="block")
        if user is not None:
            sign_in_directly(self.context, base_url, user)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda message: self._console(message.type, message.text))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("request", lambda request: self._request(request.url, base_url))

    def _console(self, kind: str, text: str) -> None:
        # A 404 answer is logged as a console error; the tests that expect one check the status.
        if kind == "error" and "404" not in text:
            self.problems.append(text)

    def _request(self, url: str, base_url: str) -> None:
        if not url.startswith((base_url, "data:", "about:")):
            self.problems.append(f"request to another host: {url}")

    def close(self) -> None:
        self.context.close()
        assert not self.problems, self.problems


# --- journey 1 ------------------------------------------------------------------------------


def test_victim_counselling_from_an_anonymous_message_to_closure(
    page, context, browser, live_server, alice, lena, backup, regions
):
    base = live_server.url
    install_default_lists(CodeList, Code)  # a transactional test before may have emptied the tables

    # Given a person who writes to BackUp anonymously from its public page
    person = SecondBrowser(browser, base)
    passphrase = PublicPages(person.page, base).write_to_backup(MESSAGE)
    assert len(passphrase.split()) == 7
    person.close()
    conversation = Conversation.objects.get(centre=backup)

    # When Alice opens the conversation in the inbox and turns it into a victim-counselling case
    sign_in_directly(context, base, alice)
    inbox = Inbox(page, base)
    inbox.open_conversation(conversation.reference)
    inbox.turn_into_case(CaseKind.VICTIM_COUNSELLING)
    # Then the conversation names its new case, which came in online and is Alice's
    case = Case.objects.get(centre=backup)
    expect(page.locator("main .messages")).to_contain_text(case.reference)
    assert_accessible(page)
    assert case.access_channel == AccessChannel.ONLINE and list(case.assigned.all()) == [alice]
    page.locator(f"main a[href$='/cases/{case.public_id}/']").first.click()
    case_page = CasePage(page, base, case)
    expect(page.locator("main h1")).to_contain_text(case.reference)
    assert_accessible(page)

    # When she adds the person under a pseudonym
    case_page.add_person(PSEUDONYM)
    person_id = str(case.participants.get().public_id)

    # And records the attack: in Dortmund (postcode), racist, bodily harm
    attack_day, complaint_due = complaint_period_ending_soon()
    case_page.follow("incidents/new/")
    page.locator("input[name=occurred_on]").fill(attack_day.isoformat())
    page.locator("input[name=place]").fill("44137")
    racism = Code.objects.get(code_list__network=None, code_list__is_current=True, code="racism")
    page.locator(f"input[name=motives][value='{racism.pk}']").check()
    bodily_harm = Code.objects.get(code_list__network=None, code_list__is_current=True, code="bodily_harm")
    page.locator("select[name=offence]").select_option(str(bodily_harm.pk))
    page.locator("input[name=perpetrator_count]").fill("1")
    page.locator("input[name=affected_count]").fill("1")
    page.locator("input[name=minors_count]").fill("0")
    case_page.save()
    # Then the case page lists it in Dortmund
    expect(page.locator("#incidents")).to_contain_text("Dortmund")
    assert_accessible(page)

    # When she records a session at the office and one at the person's home
    today = timezone.localdate()
    case_page.add_session(today, SessionMode.OFFICE, 45)
    case_page.add_session(today, SessionMode.OUTREACH_HOME, 95)
    assert sorted(case.sessions.values_list("mode", flat=True)) == sorted(
        [SessionMode.OFFICE, SessionMode.OUTREACH_HOME]
    )

    # And the accompaniment to court
    case_page.follow("accompaniments/new/")
    page.locator("select[name=kind]").select_option("court")
    page.locator("input[name=held_on]").fill(today.isoformat())
    case_page.save()
    expect(page.locator("#accompaniments")).to_be_visible()
    assert_accessible(page)
    assert case.accompaniments.count() == 1

    # When she refers the person to a lawyer, passing on her data, before asking her consent
    case_page.fill_referral(person_id)
    # Then the referral is refused, naming the person, and nothing is saved
    expect(page.locator(".error-summary")).to_contain_text(PSEUDONYM)
    assert not Referral.objects.exists()
    assert_accessible(page)

    # When she records the person's written consent to share with that lawyer
    page.locator(f"main a[href*='/cases/{case.public_id}/consents/new/']").first.click()
    assert_accessible(page)
    page.locator("input[name=partner]").fill(LAWYER)
    page.locator("input[name=given][value=given]").check()
    page.locator("select[name=form]").select_option("written")
    page.locator("select[name=language]").select_option("de")
    page.locator("input[name=text_version]").fill("2026-01")
    case_page.save()
    expect(page.locator("main table").first).to_contain_text(LAWYER)
    assert_accessible(page)
    # And refers again
    case_page.open()
    case_page.fill_referral(person_id)
    # Then the referral is saved, relying on that consent
    expect(page.locator("#referrals")).to_contain_text(LAWYER)
    assert_accessible(page)
    consent = Consent.objects.get(case=case)
    assert consent.purpose == ConsentPurpose.SHARE and consent.given
    assert Referral.objects.get(case=case).consent == consent

    # When she adds the criminal-complaint deadline of the attack, reminded two weeks ahead
    case_page.follow("deadlines/new/")
    page.locator("select[name=kind]").select_option(DeadlineKind.CRIMINAL_COMPLAINT)
    page.locator("input[name=event_on]").fill(attack_day.isoformat())
    page.locator("input[name=title]").fill(DEADLINE_TITLE)
    page.locator("input[name=remind_days_before]").fill("14")
    page.locator("button[name=save]").click()
    expect(page.locator("#care")).to_contain_text(DEADLINE_TITLE)
    assert_accessible(page)
    assert case.deadlines.get().due_on == complaint_due

    # And the daily reminders run
    reminders = send_deadline_reminders.enqueue().return_value  # the Immediate backend runs it now
    assert reminders is not None and reminders["reminded"] == 1
    notice = Notice.objects.get(kind=NoticeKind.DEADLINE_DUE, recipient=alice)
    # Then her start page shows the reminder: the case reference, not what it is about
    page.goto(f"{base}/{STAFF}/staff/")
    notices = page.locator("main .notice-list")
    expect(notices.locator(f"form[action$='/notices/{notice.public_id}/read/']")).to_have_count(1)
    expect(notices).to_contain_text(case.reference)
    expect(notices).not_to_contain_text(DEADLINE_TITLE)
    assert_accessible(page)

    # When she opens the case again
    case_page.open()
    # Then its timeline shows everything in one view, the message without its content
    for kind in ("incident", "accompaniment", "referral", "deadline", "message"):
        expect(case_page.timeline.locator(f"li.timeline-{kind}").first).to_be_visible()
    expect(case_page.timeline.locator("li.timeline-session")).to_have_count(2)
    expect(case_page.timeline.locator("li.timeline-session.is-outreach")).to_have_count(1)
    expect(case_page.timeline.locator("li.timeline-message")).to_contain_text("Message from the person")
    expect(case_page.timeline).not_to_contain_text("Bahnhof")
    # And its message entry leads to the conversation in the inbox
    case_page.timeline.locator("li.timeline-message a").click()
    expect(page.locator(".thread")).to_contain_text(MESSAGE)
    assert_accessible(page)

    # When Lena, the centre lead, closes the case, first without confirming the open deadline
    lead = SecondBrowser(browser, base, lena)
    office = lead.page
    lead_view = CasePage(office, base, case).open()
    office.locator("#closure a[href$='/close/']").click()
    assert_accessible(office)
    office.locator("select[name=closure_reason]").select_option("goals_reached")
    office.locator("select[name=closure_outcome]").select_option("stabilised")
    office.locator("main form button[type=submit]").click()
    # Then she is asked to confirm, and her choices are kept
    expect(office.locator(".error-summary a[href='#id_confirm_open_deadlines']")).to_be_visible()
    expect(office.locator("select[name=closure_reason]")).to_have_value("goals_reached")
    assert_accessible(office)
    # When she confirms
    office.locator("input[name=confirm_open_deadlines]").check()
    office.locator("main form button[type=submit]").click()
    # Then the case is closed with its deletion date, and the anonymised record is there
    expect(office.locator("#deletion-date")).to_be_visible()
    expect(office.locator("main h1")).to_contain_text(case.reference)
    assert_accessible(office)
    case.refresh_from_db()
    assert case.is_closed and case.deletion_due_on is not None
    record = StatisticsRecord.objects.get(centre=backup)
    assert (record.sessions, record.outreach_sessions, record.accompaniments, record.referrals) == (2, 1, 1, 1)
    assert record.access_channel == AccessChannel.ONLINE
    assert record.closure_reason == "goals_reached" and record.closure_outcome == "stabilised"
    codes = [code for incident in record.incidents.all() for code in incident.codes]
    assert any(code.startswith("motive:") and code.endswith(":racism") for code in codes)
    # And the closed case can no longer be edited
    office.goto(f"{lead_view.url}sessions/new/")
    expect(office.locator("main .messages")).to_contain_text("closed")
    expect(office.locator("main h1")).to_contain_text(case.reference)
    assert_accessible(office)
    lead.close()


# --- journey 2 ------------------------------------------------------------------------------


@pytest.fixture
def comeback(carrier) -> Centre:
    return Centre.objects.create(
        slug="comeback", name="ComeBack", type=CentreType.EXIT_COUNSELLING, organisation=carrier,
    )


def exit_counsellor(centre: Centre, email: str, name: str):
    return with_membership(make_persona(email, name), Role.COUNSELLOR, centre=centre)


def test_an_exit_case_needs_a_second_counsellor(page, context, browser, live_server, comeback):
    base = live_server.url
    # Given ComeBack with three counsellors, and Jana signed in
    jana = exit_counsellor(comeback, "jana@comeback.example", "Jana")
    malte = exit_counsellor(comeback, "malte@comeback.example", "Malte")
    tarek = exit_counsellor(comeback, "tarek@comeback.example", "Tarek")
    sign_in_directly(context, base, jana)

    # When she starts an exit case assigned only to herself
    page.goto(f"{base}/{STAFF}/staff/cases/new/")
    assert_accessible(page)
    page.locator("select[name=kind]").select_option(CaseKind.EXIT)
    page.locator("select[name=access_channel]").select_option(AccessChannel.SELF_REFERRAL)
    expect(page.locator(f"input[name=assigned][value='{jana.pk}']")).to_be_checked()
    page.locator("input[name=title]").fill("Ausstieg Raum Dortmund")
    page.locator("main form button[type=submit]").click()
    # Then the case is refused: the error names the missing second counsellor; her input is kept
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("second counsellor")
    expect(summary.locator("a[href^='#id_assigned']")).to_have_count(1)
    expect(page.locator("input[name=title]")).to_have_value("Ausstieg Raum Dortmund")
    assert_accessible(page)
    assert not Case.objects.exists()

    # When she adds Malte and saves
    page.locator(f"input[name=assigned][value='{malte.pk}']").check()
    page.locator("main form button[type=submit]").click()
    # Then the case is created with high protection, and opening it asks for the reason
    expect(page.locator("main h1")).to_contain_text("high protection")
    case = Case.objects.get()
    assert case.protection_level == ProtectionLevel.HIGH and case.kind == CaseKind.EXIT
    assert set(case.assigned.all()) == {jana, malte}
    assert_accessible(page)
    # When she gives the reason
    page.locator("input[name=reason][value=counselling]").check()
    page.locator("main form button[type=submit]").click()
    # Then the case opens
    expect(page.locator("main h1")).to_contain_text(case.reference)
    assert_accessible(page)

    # When Tarek, a counsellor of ComeBack not assigned to it, tries its address
    tareks = SecondBrowser(browser, base, tarek)
    outsider = tareks.page
    response = outsider.goto(f"{base}/{STAFF}/staff/cases/{case.public_id}/")
    # Then it does not exist for him, and his case list does not show it
    assert response is not None and response.status == 404
    outsider.goto(f"{base}/{STAFF}/staff/cases/")
    expect(outsider.locator("main h1")).to_be_visible()
    expect(outsider.locator("main")).not_to_contain_text(case.reference)
    assert_accessible(outsider)
    tareks.close()
