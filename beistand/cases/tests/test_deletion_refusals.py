"""Deleting by hand: only the centre lead, only closed cases without a legal hold, only with the
reference typed. Every refusal says why, keeps what was typed, and deletes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beistand.cases.actions import closure as actions
from beistand.cases.choices import ClosureOutcome, ClosureReason
from beistand.cases.models import Case
from beistand.cases.retention import closed_cases
from beistand.cases.shredding import CaseNotDeletable, delete_case
from beistand.cases.testing import make_case
from beistand.cases.tests.test_closure_fixtures import english  # noqa: F401 -- a fixture
from beistand.network.tests.factories import post
from beistand.retention import registry
from beistand.retention.models import HoldReason, RetentionPolicy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def closed(backup, alice, lena) -> Case:
    case = make_case(backup, assigned=[alice], title="Aktenzeichen-Geheim")
    actions.close_case(alice, case, reason=ClosureReason.GOALS_REACHED, outcome=ClosureOutcome.UNKNOWN,
                       closed_on=timezone.localdate(), expected_version=None)
    return case


def delete_url(case: Case) -> str:
    return reverse("cases:case_delete", args=[case.public_id])


def test_an_open_case_is_not_deleted(backup, alice, lena, client_for):
    case = make_case(backup, assigned=[alice])
    client = client_for(lena)
    page = client.get(delete_url(case))
    assert "Only a closed case can be deleted" in page.content.decode()
    assert 'name="reference"' not in page.content.decode()
    response = post(client, delete_url(case), {"reference": case.reference})
    assert response.status_code == 409
    assert Case.objects.filter(pk=case.pk).exists()
    with pytest.raises(CaseNotDeletable):
        delete_case(case)


def test_a_held_case_is_not_deleted(closed, lena, client_for):
    actions.place_hold(lena, closed, HoldReason.PROCEEDINGS)
    response = post(client_for(lena), delete_url(closed), {"reference": closed.reference})
    assert response.status_code == 409
    assert "A legal hold keeps this case" in response.content.decode()
    assert Case.objects.get(pk=closed.pk).title == "Aktenzeichen-Geheim"
    with pytest.raises(CaseNotDeletable):
        delete_case(closed)


def test_a_wrong_reference_is_refused_and_kept(closed, lena, client_for):
    response = post(client_for(lena), delete_url(closed), {"reference": "BU-1999-0001"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "That is not the reference of this case" in body
    assert 'value="BU-1999-0001"' in body
    assert 'href="#id_reference"' in body  # the error summary links to the field
    assert Case.objects.filter(pk=closed.pk).exists()


def test_an_empty_reference_is_refused(closed, lena, client_for):
    response = post(client_for(lena), delete_url(closed), {"reference": "  "})
    assert "Type the case reference to confirm the deletion." in response.content.decode()
    assert Case.objects.filter(pk=closed.pk).exists()


def test_a_counsellor_of_the_centre_cannot_delete(closed, alice, client_for):
    client = client_for(alice)
    assert client.get(delete_url(closed)).status_code == 404
    assert post(client, delete_url(closed), {"reference": closed.reference}).status_code == 404
    assert Case.objects.filter(pk=closed.pk).exists()


def test_the_lead_of_another_centre_gets_404(closed, rheinland, client_for):
    from beistand.accounts.models import Role
    from beistand.conftest import make_persona, with_membership

    other_lead = with_membership(make_persona("lead@rheinland.example", "Rhea"), Role.LEAD, centre=rheinland)
    assert client_for(other_lead).get(delete_url(closed)).status_code == 404


# --- The deletion date -------------------------------------------------------------------


def test_the_deletion_date_is_three_years_after_the_end_of_the_year_of_closing(closed):
    closed_on = closed.closed_on
    assert closed.deletion_due_on == datetime.date(closed_on.year + 4, 1, 1)
    assert closed_cases.deletion_date(closed.centre, datetime.date(2021, 6, 30)) == datetime.date(2025, 1, 1)


def test_a_centre_may_keep_closed_cases_for_its_own_period(backup):
    RetentionPolicy.objects.create(centre=backup, category="closed_cases", days=365)
    assert closed_cases.deletion_date(backup, datetime.date(2026, 12, 31)) == datetime.date(2028, 1, 1)


def test_the_deletion_date_agrees_with_the_rule_of_the_daily_job(closed):
    """The job's cutoff puts a case closed on its date out of reach the day the date comes, not before."""
    from beistand.retention.jobs import Run

    due_on = closed.deletion_due_on
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(3)))  # noqa: E731
    assert not Run(closed_cases, at(due_on - datetime.timedelta(days=1))).older_than(
        Case.objects.filter(pk=closed.pk), "closed_on").exists()
    assert Run(closed_cases, at(due_on)).older_than(Case.objects.filter(pk=closed.pk), "closed_on").exists()


def test_closed_cases_are_a_registered_category():
    category = registry.get("closed_cases")
    assert category is closed_cases
    assert (category.hold_object_type, category.per_centre, category.days()) == ("cases.case", True, 1095)
