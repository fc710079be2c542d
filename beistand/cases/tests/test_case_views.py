"""Creating, editing and opening cases: validation, four-eyes, stale edits, high protection, isolation."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from beistand.audit.models import Action, AuditEvent
from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import AccessReason, CaseKind, CaseStatus, ProtectionLevel
from beistand.cases.models import Case, Notice, NoticeKind, ProtectedOpening
from beistand.cases.testing import make_case
from beistand.keys.testing import database_holds

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def post(client, url: str, data: dict, **kwargs):
    """A POST with the CSRF token (CSRF checks stay on in the tests)."""
    client.get(reverse("workspace:home"))  # sets the CSRF cookie
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["beistand_csrf"].value}, **kwargs)


def case_data(**overrides) -> dict:
    data = {
        "kind": CaseKind.VICTIM_COUNSELLING,
        "access_channel": "self",
        "received_on": TODAY.isoformat(),
        "opened_on": TODAY.isoformat(),
        "risk_level": "unknown",
        "protection_level": ProtectionLevel.NORMAL,
        "title": "",
        "needs": "",
        "safety_plan": "",
    }
    data.update(overrides)
    return data


def edit_data(case: Case, **overrides) -> dict:
    data = case_data(
        kind=case.kind, access_channel=case.access_channel, status=case.status, version=case.version,
        assigned=[str(user.pk) for user in case.assigned.all()], protection_level=case.protection_level,
    )
    data.update(overrides)
    return data


# --- creating ------------------------------------------------------------------------------


def test_counsellor_creates_a_case_of_her_centre(client_for, alice, bob, backup):
    response = post(client_for(alice),
        reverse("cases:case_create"),
        case_data(title="Angriff Titelmarker", assigned=[alice.pk, bob.pk], urgent="on"),
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.public_id])
    assert case.centre == backup and case.urgent
    assert set(case.assigned.all()) == {alice, bob}
    assert case.title == "Angriff Titelmarker"
    assert not database_holds("Titelmarker")
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(case.public_id)).exists()
    # Bob learns of his new case (a notice with the reference only); Alice assigned herself.
    assert list(Notice.objects.values_list("recipient", "kind", "reference")) == [
        (bob.pk, NoticeKind.CASE_ASSIGNED, case.reference)
    ]


def test_an_empty_working_title_stores_nothing(client_for, alice):
    post(client_for(alice), reverse("cases:case_create"), case_data(assigned=[alice.pk]))
    assert Case.objects.filter(title__isnull=True, needs__isnull=True, safety_plan__isnull=True).count() == 1


@pytest.mark.parametrize("field", ["received_on", "opened_on"])
def test_dates_in_the_future_are_refused_and_the_input_kept(client_for, alice, field):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    data = case_data(title="Mein Entwurf", assigned=[alice.pk], **{field: tomorrow})
    if field == "received_on":
        data["opened_on"] = tomorrow  # not before the first contact either
    response = post(client_for(alice), reverse("cases:case_create"), data)
    assert response.status_code == 200
    assert "This date lies in the future" in response.text
    assert f'href="#id_{field}"' in response.text  # the summary links to the field
    assert 'value="Mein Entwurf"' in response.text
    assert not Case.objects.exists()


def test_a_case_cannot_open_before_the_first_contact(client_for, alice):
    data = case_data(received_on=TODAY.isoformat(), opened_on=(TODAY - datetime.timedelta(days=3)).isoformat())
    response = post(client_for(alice), reverse("cases:case_create"), data)
    assert "cannot be opened before the first contact" in response.text
    assert not Case.objects.exists()


def test_an_exit_case_needs_two_counsellors(client_for, alice, bob):
    client = client_for(alice)
    response = post(client, reverse("cases:case_create"), case_data(kind=CaseKind.EXIT, assigned=[alice.pk]))
    assert response.status_code == 200
    assert "needs two assigned counsellors" in response.text
    assert not Case.objects.exists()
    response = post(client,
        reverse("cases:case_create"),
        case_data(kind=CaseKind.EXIT, assigned=[alice.pk, bob.pk], protection_level=ProtectionLevel.NORMAL),
    )
    case = Case.objects.get()
    assert case.protection_level == ProtectionLevel.HIGH
    assert set(case.assigned.all()) == {alice, bob}


def test_a_counsellor_cannot_lock_herself_out_of_a_high_case(client_for, alice, bob, lena):
    data = case_data(protection_level=ProtectionLevel.HIGH, assigned=[bob.pk])
    response = post(client_for(alice), reverse("cases:case_create"), data)
    assert "Assign yourself" in response.text
    assert not Case.objects.exists()
    # The lead sees every case of her centre, so she may create it for Bob.
    assert post(client_for(lena), reverse("cases:case_create"), data).status_code == 302


def test_only_counsellors_of_the_centre_can_be_assigned(client_for, alice, carol, kai):
    response = post(client_for(alice), reverse("cases:case_create"), case_data(assigned=[alice.pk, carol.pk]))
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert f'name="assigned" value="{alice.pk}"' in response.text
    assert f'name="assigned" value="{carol.pk}"' not in response.text
    assert f'name="assigned" value="{kai.pk}"' not in response.text


def test_removal_order_only_for_domestic_violence(client_for, alice):
    end = (TODAY + datetime.timedelta(days=10)).isoformat()
    client = client_for(alice)
    response = post(client, reverse("cases:case_create"), case_data(assigned=[alice.pk], removal_order_ends_on=end))
    assert "Only domestic violence cases" in response.text
    response = post(client,
        reverse("cases:case_create"),
        case_data(kind=CaseKind.DOMESTIC_VIOLENCE, assigned=[alice.pk], removal_order_ends_on=end),
    )
    assert response.status_code == 302
    assert Case.objects.get().removal_order_ends_on.isoformat() == end


def test_a_member_of_two_centres_chooses_the_centre(client_for, alice, rheinland):
    from beistand.accounts.models import Membership, Role

    Membership.objects.create(user=alice, role=Role.COUNSELLOR, centre=rheinland)
    client = client_for(alice)
    assert 'name="centre"' in client.get(reverse("cases:case_create")).text
    post(client, reverse("cases:case_create"), case_data(centre=rheinland.pk, assigned=[alice.pk]))
    assert Case.objects.get().centre == rheinland


def test_garbage_input_never_breaks_the_form(client_for, alice):
    data = case_data(kind="nonsense", received_on="31.02.", opened_on="x" * 500, assigned=["abc", "-1"],
                     district="999999999", protection_level="max")
    response = post(client_for(alice), reverse("cases:case_create"), data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert not Case.objects.exists()


# --- editing -------------------------------------------------------------------------------


def test_editing_records_the_changed_field_names_only(client_for, alice, backup):
    case = make_case(backup, assigned=[alice])
    response = post(client_for(alice),
        reverse("cases:case_edit", args=[case.public_id]),
        edit_data(case, title="Geänderter Titelwert", status=CaseStatus.ACTIVE),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.title, case.version) == (CaseStatus.ACTIVE, "Geänderter Titelwert", 2)
    event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(case.public_id))
    assert event.fields == ["status", "title"]
    assert not database_holds("Titelwert")


def test_the_form_cannot_close_a_case(client_for, alice, backup):
    case = make_case(backup, assigned=[alice])
    response = post(client_for(alice),
        reverse("cases:case_edit", args=[case.public_id]), edit_data(case, status=CaseStatus.CLOSED)
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.ENQUIRY


def test_a_stale_edit_is_refused_and_the_input_kept(client_for, alice, bob, backup):
    case = make_case(backup, assigned=[alice, bob], title="Erster Stand")
    url = reverse("cases:case_edit", args=[case.public_id])
    alice_form = edit_data(case, title="Alices Fassung")
    # Bob saves first.
    bob_response = post(client_for(bob), url, edit_data(case, title="Bobs Fassung"))
    assert bob_response.status_code == 302
    # Alice's save, from the form she loaded before, is refused; her text is still there.
    response = post(client_for(alice), url, alice_form)
    assert response.status_code == 200
    assert "Someone else saved this case" in response.text
    assert 'value="Alices Fassung"' in response.text
    case.refresh_from_db()
    assert (case.title, case.version) == ("Bobs Fassung", 2)
    # The form now carries the current version: saving again is her deliberate choice.
    assert 'name="version" value="2"' in response.text
    assert post(client_for(alice), url, {**alice_form, "version": 2}).status_code == 302
    case.refresh_from_db()
    assert case.title == "Alices Fassung"


def test_a_closed_case_is_not_edited(client_for, alice, backup):
    case = make_case(backup, assigned=[alice], title="Abgeschlossen")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_on=TODAY)
    client = client_for(alice)
    url = reverse("cases:case_edit", args=[case.public_id])
    response = post(client, url, edit_data(case, title="Nachträglich"), follow=True)
    assert "This case is closed and can no longer be changed." in response.text
    case.refresh_from_db()
    assert case.title == "Abgeschlossen" and case.version == 1
    assert client.get(url).status_code == 302


def test_assigning_a_colleague_notifies_them(client_for, alice, bob, backup):
    case = make_case(backup, assigned=[alice])
    post(client_for(alice),
        reverse("cases:case_edit", args=[case.public_id]), edit_data(case, assigned=[alice.pk, bob.pk])
    )
    assert set(case.assigned.all()) == {alice, bob}
    assert Notice.objects.filter(recipient=bob, case=case, kind=NoticeKind.CASE_ASSIGNED).count() == 1
    assert AuditEvent.objects.get(action=Action.CHANGE, object_id=str(case.public_id)).fields == ["assigned"]


# --- the case page -------------------------------------------------------------------------


def test_the_case_page_shows_header_persons_and_sections(client_for, alice, backup):
    case = make_case(backup, assigned=[alice], title="Arbeitstitel")
    link = add_new_person(case, pseudonym="Rosa Sichtbar")
    response = client_for(alice).get(reverse("cases:case_detail", args=[case.public_id]))
    assert response.status_code == 200
    text = response.text
    assert case.reference in text and "Arbeitstitel" in text and "Rosa Sichtbar" in text
    assert reverse("cases:person_edit", args=[case.public_id, link.public_id]) in text
    assert reverse("cases:case_edit", args=[case.public_id]) in text
    assert 'id="timeline-title"' in text
    assert AuditEvent.objects.filter(action=Action.READ, object_id=str(case.public_id)).exists()


def test_the_navigation_shows_cases_to_caseworkers_only(client_for, alice, kai):
    cases_link = f'href="{reverse("cases:case_list")}"'
    assert cases_link in client_for(alice).get(reverse("workspace:home")).text
    assert cases_link not in client_for(kai).get(reverse("workspace:home")).text


# --- high protection -----------------------------------------------------------------------


def test_high_protection_asks_assigned_counsellors_and_the_lead_for_a_reason(client_for, alice, bob, lena, backup):
    case = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    detail = reverse("cases:case_detail", args=[case.public_id])
    assert client_for(bob).get(detail).status_code == 404
    for user in (alice, lena):
        client = client_for(user)
        response = client.get(detail)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("cases:open_protected", args=[case.public_id]))
        assert client.get(response["Location"]).status_code == 200
        # No reason, no opening.
        assert post(client, response["Location"], {}).status_code == 200
        opened = post(client, response["Location"], {"reason": AccessReason.COUNSELLING})
        assert opened["Location"] == detail
        page = client.get(detail)
        assert page.status_code == 200
        assert "High protection" in page.text
    assert ProtectedOpening.objects.filter(case=case).count() == 2
    reads = AuditEvent.objects.filter(action=Action.READ, object_id=str(case.public_id))
    assert [event.fields for event in reads if event.fields] == [["reason:counselling"]] * 2


def test_the_reason_page_sends_only_to_this_site(client_for, alice, backup):
    case = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    url = reverse("cases:open_protected", args=[case.public_id])
    response = post(client_for(alice), f"{url}?next=https://evil.example/x", {"reason": AccessReason.COUNSELLING})
    assert response["Location"] == reverse("cases:case_detail", args=[case.public_id])


def test_bob_does_not_learn_that_a_high_case_exists(client_for, alice, bob, backup):
    case = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    client = client_for(bob)
    for name in ("cases:case_detail", "cases:case_edit", "cases:open_protected", "cases:person_add"):
        assert client.get(reverse(name, args=[case.public_id])).status_code == 404
    assert case.reference not in client.get(reverse("cases:case_list")).text


# --- isolation -----------------------------------------------------------------------------


def test_outsiders_get_404_on_every_case_page(client_for, alice, carol, kai, paul, ada, backup):
    case = make_case(backup, assigned=[alice])
    link = add_new_person(case, pseudonym="Nur BackUp")
    urls = [
        reverse(name, args=[case.public_id])
        for name in ("cases:case_detail", "cases:case_edit", "cases:open_protected", "cases:person_add")
    ] + [
        reverse(name, args=[case.public_id, link.public_id])
        for name in ("cases:person_edit", "cases:person_remove")
    ]
    for outsider in (carol, kai, paul, ada):
        client = client_for(outsider)
        for url in urls:
            assert client.get(url).status_code == 404, (outsider, url)
            assert post(client, url, {"title": "x", "reason": "counselling"}).status_code == 404
    for outsider in (kai, paul, ada):
        assert client_for(outsider).get(reverse("cases:case_list")).status_code == 404
    # Carol has a list of her own centre's cases, without this one.
    assert case.reference not in client_for(carol).get(reverse("cases:case_list")).text


def test_an_unknown_case_is_404(client_for, alice):
    assert client_for(alice).get(reverse("cases:case_detail", args=[uuid.uuid4()])).status_code == 404
