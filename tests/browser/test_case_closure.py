"""Journey: the centre lead closes a case, sees its deletion date, and deletes it for good by
typing its reference. axe checks every page on the way, including the pages with errors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beistand.cases.models import Case, Incident, StatisticsRecord
from beistand.cases.testing import make_case
from beistand.keys.models import DataKey, Purpose
from tests.browser.pages import assert_accessible, expect, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)


class CaseClosurePages:
    """The closure section of the case page and the pages it leads to."""

    def __init__(self, page, base_url: str, case: Case) -> None:
        self.page = page
        self.case_url = f"{base_url}/en/staff/cases/{case.public_id}/"

    def open_case(self) -> None:
        self.page.goto(self.case_url)

    def start_closing(self) -> None:
        self.page.locator("#closure a[href$='/close/']").click()

    def close(self, reason: str, outcome: str) -> None:
        self.page.locator("select[name=closure_reason]").select_option(reason)
        self.page.locator("select[name=closure_outcome]").select_option(outcome)
        self.submit()

    def start_deleting(self) -> None:
        self.page.locator("#closure a[href$='/delete/']").click()

    def type_reference(self, reference: str) -> None:
        self.page.locator("input[name=reference]").fill(reference)
        self.submit()

    def submit(self) -> None:
        self.page.locator("main form.directory-form button[type=submit]").click()


def test_lead_closes_a_case_and_deletes_it(page, context, live_server, lena, alice, backup):
    # Given a case of BackUp with an incident, and Lena, its centre lead, signed in
    case = make_case(backup, assigned=[alice], opened_on=timezone.localdate() - datetime.timedelta(days=20))
    incident = Incident(centre=backup, data_key=DataKey.create(Purpose.INCIDENT, backup),
                        occurred_on=case.opened_on, description="Angriff an der Haltestelle")
    incident.save()
    incident.cases.add(case)
    sign_in_directly(context, live_server.url, lena)
    pages = CaseClosurePages(page, live_server.url, case)

    # When she opens the case and starts closing it, but sends the form without reason and outcome
    pages.open_case()
    assert_accessible(page)
    pages.start_closing()
    assert_accessible(page)
    pages.submit()
    # Then the errors are listed at the top, linked to the fields, and the page stays accessible
    expect(page.locator(".error-summary a[href='#id_closure_reason']")).to_be_visible()
    expect(page.locator("select[name=closure_reason]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    # When she chooses reason and outcome
    pages.close("goals_reached", "stabilised")
    # Then the case page shows the deletion date: 1 January, four years on
    due = datetime.date(timezone.localdate().year + 4, 1, 1)
    expect(page.locator("#deletion-date")).to_contain_text(str(due.year))
    assert_accessible(page)
    assert StatisticsRecord.objects.filter(centre=backup).count() == 1

    # When she starts deleting and types a wrong reference
    pages.start_deleting()
    assert_accessible(page)
    pages.type_reference("BU-1999-0001")
    # Then she is told, her input is kept, and nothing is deleted
    expect(page.locator("input[name=reference]")).to_have_value("BU-1999-0001")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    assert Case.objects.filter(pk=case.pk).exists()

    # When she types the case's reference
    pages.type_reference(case.reference)
    # Then the case is gone for good, its key destroyed, and only the statistics record stays
    expect(page.locator("main .messages")).to_contain_text(case.reference)
    assert_accessible(page)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Incident.objects.filter(pk=incident.pk).exists()
    assert DataKey.objects.get(pk=case.data_key_id).is_destroyed
    assert StatisticsRecord.objects.filter(centre=backup).count() == 1
