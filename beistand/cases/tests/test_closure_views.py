"""Closing and reopening a case through the workspace: required fields, dates, open deadlines,
stale forms, the deletion date on the case page, and who may reopen."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beistand.audit.models import Action, AuditEvent
from beistand.cases.actions import closure as actions
from beistand.cases.choices import (
    CaseStatus,
    ClosureOutcome,
    ClosureReason,
    ConsentPurpose,
    DeadlineKind,
)
from beistand.cases.models import Case, Deadline, StatisticsRecord
from beistand.cases.testing import make_case
from beistand.cases.tests.test_closure_fixtures import consent, english  # noqa: F401 -- english is a fixture
from beistand.network.tests.factories import post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


@pytest.fixture
def case(backup, alice) -> Case:
    return make_case(backup, assigned=[alice], opened_on=TODAY() - datetime.timedelta(days=30))


def close_url(case: Case) -> str:
    return reverse("cases:case_close", args=[case.public_id])


def closing(case: Case, **changes) -> dict:
    data = {
        "closure_reason": ClosureReason.GOALS_REACHED, "closure_outcome": ClosureOutcome.STABILISED,
        "closed_on": TODAY().isoformat(), "version": str(case.version),
    }
    return {**data, **changes}


def test_a_counsellor_closes_a_case_and_sees_its_deletion_date(case, alice, client_for):
    client = client_for(alice)
    response = post(client, close_url(case), closing(case))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.public_id])
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (CaseStatus.CLOSED, TODAY())
    assert (case.closure_reason, case.closure_outcome) == (ClosureReason.GOALS_REACHED, ClosureOutcome.STABILISED)
    assert case.deletion_due_on == datetime.date(TODAY().year + 4, 1, 1)
    assert StatisticsRecord.objects.filter(centre=case.centre, year=TODAY().year).count() == 1
    event = AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(case.public_id)).get()
    assert set(event.fields) == set(actions.CLOSURE_FIELDS)
    page = client.get(response["Location"]).content.decode()
    assert 'id="deletion-date"' in page
    assert str(case.deletion_due_on.year) in page.split('id="deletion-date"')[1][:80]


def test_closing_without_reason_and_outcome_explains_both_and_keeps_the_date(case, alice, client_for):
    typed = (TODAY() - datetime.timedelta(days=2)).isoformat()
    response = post(client_for(alice), close_url(case),
                    closing(case, closure_reason="", closure_outcome="", closed_on=typed))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose the reason for closing the case." in body
    assert "Choose the outcome of the counselling." in body
    assert 'href="#id_closure_reason"' in body and 'href="#id_closure_outcome"' in body
    assert f'value="{typed}"' in body
    assert Case.objects.get(pk=case.pk).status != CaseStatus.CLOSED


@pytest.mark.parametrize(("closed_on", "message"), [
    (lambda case: case.opened_on - datetime.timedelta(days=1), "cannot be before the case was opened"),
    (lambda case: TODAY() + datetime.timedelta(days=1), "cannot be in the future"),
])
def test_closing_dates_outside_the_case_are_refused(case, alice, client_for, closed_on, message):
    response = post(client_for(alice), close_url(case), closing(case, closed_on=closed_on(case).isoformat()))
    assert message in response.content.decode()
    assert not StatisticsRecord.objects.exists()
    assert Case.objects.get(pk=case.pk).closed_on is None


def test_a_closing_date_that_is_no_date_is_refused_and_kept(case, alice, client_for):
    response = post(client_for(alice), close_url(case), closing(case, closed_on="31.02.2026"))
    body = response.content.decode()
    assert "Enter the closing date as a date" in body
    assert 'value="31.02.2026"' in body


def test_open_deadlines_are_listed_and_must_be_confirmed(case, alice, client_for):
    Deadline(case=case, kind=DeadlineKind.AGG_CLAIM, due_on=TODAY() + datetime.timedelta(days=5),
             title="Frist Arbeitgeber Schreiben").save()
    client = client_for(alice)
    form = client.get(close_url(case)).content.decode()
    assert "Frist Arbeitgeber Schreiben" in form and 'name="confirm_open_deadlines"' in form

    refused = post(client, close_url(case), closing(case))
    assert "The case still has open deadlines" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).status != CaseStatus.CLOSED

    confirmed = post(client, close_url(case), closing(case, confirm_open_deadlines="on"))
    assert confirmed.status_code == 302
    assert Case.objects.get(pk=case.pk).is_closed


def test_a_stale_closing_form_is_refused_with_the_input_kept(case, alice, client_for):
    stale_version = case.version
    case.save_checked(stale_version)  # a colleague saved the case in the meantime
    response = post(client_for(alice), close_url(case),
                    closing(case, version=str(stale_version), closure_reason=ClosureReason.REFERRED))
    body = response.content.decode()
    assert "Someone else changed this case" in body
    assert f'value="{ClosureReason.REFERRED}" selected' in body
    assert not Case.objects.get(pk=case.pk).is_closed


def test_a_closed_case_is_not_closed_again(case, alice, client_for):
    actions.close_case(alice, case, reason=ClosureReason.OTHER, outcome=ClosureOutcome.UNKNOWN,
                       closed_on=TODAY(), expected_version=None)
    response = client_for(alice).get(close_url(case))
    assert response.status_code == 302
    assert StatisticsRecord.objects.count() == 1


def test_withdrawn_statistics_consent_means_no_record_and_the_user_is_told(case, alice, client_for):
    from beistand.cases.actions.core import add_new_person

    link = add_new_person(case, pseudonym="Ohne Statistik")
    consent(case, link, ConsentPurpose.STATISTICS, given=False)
    client = client_for(alice)
    response = post(client, close_url(case), closing(case))
    assert Case.objects.get(pk=case.pk).is_closed
    assert not StatisticsRecord.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "withdrew the consent to anonymised statistics" in page


# --- Reopening ---------------------------------------------------------------------------


def test_the_lead_reopens_a_closed_case_and_the_statistics_record_stays(case, alice, lena, client_for):
    actions.close_case(alice, case, reason=ClosureReason.OTHER, outcome=ClosureOutcome.UNKNOWN,
                       closed_on=TODAY(), expected_version=None)
    response = post(client_for(lena), reverse("cases:case_reopen", args=[case.public_id]), {})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.deletion_due_on) == (CaseStatus.ACTIVE, None, None)
    assert StatisticsRecord.objects.count() == 1

    # Closing again counts nothing twice.
    closure = actions.close_case(alice, case, reason=ClosureReason.OTHER, outcome=ClosureOutcome.UNKNOWN,
                                 closed_on=TODAY(), expected_version=None)
    assert closure.outcome == actions.StatisticsOutcome.ALREADY_COUNTED
    assert StatisticsRecord.objects.count() == 1


def test_a_counsellor_cannot_reopen(case, alice, client_for):
    actions.close_case(alice, case, reason=ClosureReason.OTHER, outcome=ClosureOutcome.UNKNOWN,
                       closed_on=TODAY(), expected_version=None)
    response = post(client_for(alice), reverse("cases:case_reopen", args=[case.public_id]), {})
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).is_closed


def test_reopen_answers_only_to_post(case, lena, client_for):
    assert client_for(lena).get(reverse("cases:case_reopen", args=[case.public_id])).status_code == 405


def test_the_case_page_offers_what_the_user_may_do(case, alice, lena, client_for):
    actions.close_case(alice, case, reason=ClosureReason.OTHER, outcome=ClosureOutcome.UNKNOWN,
                       closed_on=TODAY(), expected_version=None)
    detail = reverse("cases:case_detail", args=[case.public_id])
    as_lead = client_for(lena).get(detail).content.decode()
    as_counsellor = client_for(alice).get(detail).content.decode()
    for url in (reverse("cases:case_delete", args=[case.public_id]), reverse("cases:case_reopen", args=[case.public_id])):
        assert url in as_lead and url not in as_counsellor
    assert reverse("cases:legal_hold", args=[case.public_id]) in as_counsellor
