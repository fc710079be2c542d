"""Legal holds: anyone working on the case places one with a reason; only the centre lead lifts it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from beistand.audit.models import Action, AuditEvent
from beistand.cases.actions import closure as actions
from beistand.cases.choices import ClosureOutcome, ClosureReason
from beistand.cases.models import Case
from beistand.cases.testing import make_case
from beistand.cases.tests.test_closure_fixtures import english  # noqa: F401 -- a fixture
from beistand.network.tests.factories import post
from beistand.retention.models import HoldReason, LegalHold

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def closed(backup, alice) -> Case:
    case = make_case(backup, assigned=[alice])
    actions.close_case(alice, case, reason=ClosureReason.OTHER, outcome=ClosureOutcome.UNKNOWN,
                       closed_on=timezone.localdate(), expected_version=None)
    return case


def hold_url(case: Case) -> str:
    return reverse("cases:legal_hold", args=[case.public_id])


def lift_url(case: Case, hold: LegalHold) -> str:
    return reverse("cases:legal_hold_lift", args=[case.public_id, hold.public_id])


def test_a_counsellor_places_a_hold_on_a_closed_case(closed, alice, client_for):
    response = post(client_for(alice), hold_url(closed), {"reason": HoldReason.MINOR})
    assert response.status_code == 302
    hold = LegalHold.objects.active().get()
    assert (hold.object_type, hold.object_public_id, hold.reason) == ("cases.case", closed.public_id, "minor")
    assert (hold.centre, hold.placed_by) == (closed.centre, alice.public_id)
    event = AuditEvent.objects.filter(action=Action.CHANGE, fields=["legal_hold"]).get()
    assert event.object_id == str(closed.public_id)
    page = client_for(alice).get(reverse("cases:case_detail", args=[closed.public_id])).content.decode()
    assert "a minor is involved" in page
    assert reverse("cases:case_delete", args=[closed.public_id]) not in page


def test_a_hold_needs_a_reason(closed, alice, client_for):
    response = post(client_for(alice), hold_url(closed), {})
    assert "Choose why the case must be kept." in response.content.decode()
    assert not LegalHold.objects.exists()


def test_the_same_reason_is_not_held_twice(closed, alice, client_for):
    actions.place_hold(alice, closed, HoldReason.PROCEEDINGS)
    response = post(client_for(alice), hold_url(closed), {"reason": HoldReason.PROCEEDINGS})
    assert "already kept for this reason" in response.content.decode()
    assert LegalHold.objects.count() == 1


def test_the_lead_lifts_a_hold(closed, alice, lena, client_for):
    hold = actions.place_hold(alice, closed, HoldReason.PROCEEDINGS)
    page = client_for(lena).get(reverse("cases:case_detail", args=[closed.public_id])).content.decode()
    assert lift_url(closed, hold) in page
    response = post(client_for(lena), lift_url(closed, hold), {})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None
    assert not LegalHold.objects.active().exists()


def test_a_counsellor_cannot_lift_a_hold(closed, alice, client_for):
    hold = actions.place_hold(alice, closed, HoldReason.PROCEEDINGS)
    page = client_for(alice).get(reverse("cases:case_detail", args=[closed.public_id])).content.decode()
    assert lift_url(closed, hold) not in page
    assert post(client_for(alice), lift_url(closed, hold), {}).status_code == 404
    assert LegalHold.objects.active().exists()


def test_a_hold_of_another_case_is_not_lifted_through_this_one(closed, backup, alice, lena, client_for):
    other = make_case(backup, assigned=[alice])
    hold = actions.place_hold(alice, other, HoldReason.PROCEEDINGS)
    assert post(client_for(lena), lift_url(closed, hold), {}).status_code == 404
    assert LegalHold.objects.active().get() == hold


def test_lifting_answers_only_to_post(closed, alice, lena, client_for):
    hold = actions.place_hold(alice, closed, HoldReason.PROCEEDINGS)
    assert client_for(lena).get(lift_url(closed, hold)).status_code == 405
    assert LegalHold.objects.active().exists()
