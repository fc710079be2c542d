"""Alice documents a victim-counselling case in the browser: an incident, an outreach session, an
accompaniment to court, a consent to share with a lawyer and the referral that relies on it.
axe checks every form page, including one that shows errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import ConsentPurpose, SessionMode
from beistand.cases.default_codes import install_default_lists
from beistand.cases.models import Code, CodeList, Consent, Referral
from beistand.cases.testing import make_case
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

PARTNER = "Kanzlei Demir & Partner"


class CasePage:
    """The case page and the "add" links of the records section."""

    def __init__(self, page, base_url: str, case) -> None:
        self.page, self.case = page, case
        self.url = f"{base_url}/en/staff/cases/{case.public_id}/"

    def open(self) -> CasePage:
        self.page.goto(self.url)
        expect(self.page.locator("main h1")).to_contain_text(self.case.reference)
        return self

    def add(self, path: str) -> None:
        """Follows the section's link to a form, e.g. "sessions/new/"."""
        self.page.locator(f"main a[href$='/cases/{self.case.public_id}/{path}']").first.click()
        expect(self.page.locator("main form.record-form, main form.directory-form").first).to_be_visible()
        assert_accessible(self.page)

    def save(self) -> None:
        self.page.locator("main form.record-form button[type=submit]").click()


def test_alice_documents_a_case_from_incident_to_referral(page, context, live_server, alice, backup, regions):
    # Given a case of BackUp assigned to Alice with one affected person, and Alice signed in
    install_default_lists(CodeList, Code)  # a transactional test before may have emptied the tables
    case = make_case(backup, assigned=[alice])
    ayse = add_new_person(case, pseudonym="Ayşe K.")
    sign_in_directly(context, live_server.url, alice)
    case_page = CasePage(page, live_server.url, case).open()

    # When she records the incident: a racist assault in Dortmund, with two perpetrators
    case_page.add("incidents/new/")
    page.locator("input[name=occurred_on]").fill("2026-01-10")
    page.locator("input[name=place]").fill("44137")
    racism = Code.objects.get(code_list__network=None, code_list__is_current=True, code="racism")
    page.locator(f"input[name=motives][value='{racism.pk}']").check()
    bodily_harm = Code.objects.get(code_list__network=None, code_list__is_current=True, code="bodily_harm")
    page.locator("select[name=offence]").select_option(str(bodily_harm.pk))
    page.locator("input[name=perpetrator_count]").fill("2")
    page.locator("input[name=affected_count]").fill("1")
    # and first types more minors than affected persons
    page.locator("input[name=minors_count]").fill("2")
    page.locator("textarea[name=description]").fill("Angriff an der Haltestelle")
    case_page.save()
    # Then the form explains the mistake, keeps her text and is still accessible
    expect(page.locator(".error-summary a[href='#id_minors_count']")).to_be_visible()
    expect(page.locator("textarea[name=description]")).to_have_value("Angriff an der Haltestelle")
    assert_accessible(page)
    # When she corrects it
    page.locator("input[name=minors_count]").fill("0")
    case_page.save()
    # Then the case page lists the incident in Dortmund
    expect(page.locator("#incidents")).to_contain_text("Dortmund")
    incident = case.incidents.get()
    assert incident.description == "Angriff an der Haltestelle" and incident.district.name == "Dortmund"
    assert_accessible(page)

    # When she records an outreach session at Ayşe's home with an interpreter
    case_page.add("sessions/new/")
    page.locator("input[name=held_on]").fill("2026-01-12")
    page.locator("input[name=duration_minutes]").fill("90")
    page.locator("select[name=mode]").select_option(SessionMode.OUTREACH_HOME)
    page.locator("select[name=language]").select_option("tr")
    page.locator("input[name=interpreter_used]").check()
    page.locator(f"input[name=participants][value='{ayse.public_id}']").check()
    page.locator("textarea[name=note]").fill("Erstgespräch zu Hause")
    case_page.save()
    # Then it is on the case page and counts as the last contact
    expect(page.locator("#sessions")).to_contain_text("90")
    session = case.sessions.get()
    assert session.is_outreach and session.counsellor == alice
    case.refresh_from_db()
    assert case.last_contact_on == session.held_on

    # When she records the accompaniment to court, with travel costs typed the German way
    case_page.add("accompaniments/new/")
    page.locator("select[name=kind]").select_option("court")
    page.locator("input[name=held_on]").fill("2026-01-20")
    page.locator("input[name=travel_cost]").fill("12,50")
    case_page.save()
    expect(page.locator("#accompaniments")).to_be_visible()
    assert case.accompaniments.get().travel_cost == Decimal("12.50")

    # When she tries to refer Ayşe to a lawyer, passing on her data, without her consent
    case_page.add("referrals/new/")
    page.locator("select[name=purpose]").select_option("legal")
    page.locator("input[name=partner]").fill(PARTNER)
    page.locator("select[name=person]").select_option(str(ayse.public_id))
    page.locator("input[name=shares_data]").check()
    case_page.save()
    # Then the referral is refused with the reason, and nothing is saved
    expect(page.locator(".error-summary")).to_contain_text("Ayşe K.")
    assert not Referral.objects.exists()
    assert_accessible(page)

    # When she follows the link to record Ayşe's consent to share with the lawyer
    page.locator(f"main a[href*='/cases/{case.public_id}/consents/new/']").first.click()
    assert_accessible(page)
    expect(page.locator("select[name=person]")).to_have_value(str(ayse.public_id))
    expect(page.locator("select[name=purpose]")).to_have_value(ConsentPurpose.SHARE)
    page.locator("input[name=partner]").fill(PARTNER.upper())
    page.locator("input[name=given][value=given]").check()
    page.locator("select[name=form]").select_option("written")
    page.locator("select[name=language]").select_option("tr")
    page.locator("input[name=text_version]").fill("2026-01")
    case_page.save()
    # Then the consent list shows it as given
    expect(page.locator("main table").first).to_contain_text(PARTNER.upper())
    assert_accessible(page)
    consent = Consent.objects.get()

    # When she records the referral again
    case_page.open()
    case_page.add("referrals/new/")
    page.locator("select[name=purpose]").select_option("legal")
    page.locator("input[name=partner]").fill(PARTNER)
    page.locator("select[name=person]").select_option(str(ayse.public_id))
    page.locator("input[name=shares_data]").check()
    case_page.save()
    # Then it is saved, relying on that consent
    expect(page.locator("#referrals")).to_contain_text(PARTNER)
    assert Referral.objects.get().consent == consent
    assert_accessible(page)


def test_kai_gives_his_network_its_own_motive_list(page, context, live_server, kai, state_network):
    # Given Kai, coordinator of the state network, is signed in
    install_default_lists(CodeList, Code)
    sign_in_directly(context, live_server.url, kai)
    # When he opens the code lists and the default motives
    page.goto(f"{live_server.url}/en/staff/cases/code-lists/")
    assert_accessible(page)
    default = CodeList.objects.get(network=None, scheme="motive", is_current=True)
    page.locator(f"main a[href$='/code-lists/{default.public_id}/']").click()
    assert_accessible(page)
    # And makes a new version for his network
    page.locator(f"main a[href$='/code-lists/{default.public_id}/new-version/']").click()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    # Then he edits the copy: one label changed, one code no longer offered
    own = CodeList.objects.get(network=state_network, scheme="motive")
    expect(page.locator("main h1")).to_contain_text(str(own.version))
    assert_accessible(page)
    row = page.locator("tr", has=page.locator("input[value='racism']"))
    row.locator("input[name$='-label']").fill("Rassismus (alle Formen)")
    page.locator("tr", has=page.locator("input[value='unclear']")).locator("input[name$='-is_active']").uncheck()
    page.locator("main form button[type=submit]").click()
    # And the list shows it
    expect(page.locator("main table").first).to_contain_text("Rassismus (alle Formen)")
    assert_accessible(page)
    assert not own.codes.get(code="unclear").is_active
