"""Consents per purpose (and partner) and the referrals that rely on them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from beistand.audit.models import Action, AuditEvent
from beistand.cases import consents
from beistand.cases.choices import ConsentPurpose, ReferralOutcome
from beistand.cases.models import Consent, Referral
from beistand.cases.testing import make_case
from beistand.keys.testing import database_holds
from tests.case_routes.records import make_consent, make_person, make_referral, page, post

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=5)


@pytest.fixture
def case(backup, alice):
    return make_case(backup, assigned=[alice])


@pytest.fixture
def ayse(case):
    link = make_person(case, "Ayşe")
    link.case = case
    return link


# --- The checks ---------------------------------------------------------------------------------------


def test_the_newest_statement_counts(case, ayse):
    assert consents.current_consent(ayse, ConsentPurpose.STATISTICS) is None
    given = make_consent(case, ayse, purpose=ConsentPurpose.STATISTICS, partner=None)
    assert consents.has_consent(ayse, ConsentPurpose.STATISTICS)
    withdrawn = make_consent(case, ayse, purpose=ConsentPurpose.STATISTICS, partner=None, given=False,
                             stated_at=given.stated_at + LATER)
    assert consents.current_consent(ayse, ConsentPurpose.STATISTICS) == withdrawn
    assert not consents.has_consent(ayse, ConsentPurpose.STATISTICS)


def test_sharing_is_per_partner_ignoring_case_and_spaces(case, ayse):
    make_consent(case, ayse, partner="Kanzlei  Müller ")
    assert consents.has_consent(ayse, ConsentPurpose.SHARE, "kanzlei müller")
    assert consents.has_consent(ayse, ConsentPurpose.SHARE, " KANZLEI MÜLLER")
    assert not consents.has_consent(ayse, ConsentPurpose.SHARE, "Praxis Dr. Yılmaz")
    assert not consents.has_consent(ayse, ConsentPurpose.SHARE, None)
    # Another purpose is another question.
    assert not consents.has_consent(ayse, ConsentPurpose.CHRONICLE)


def test_a_withdrawal_for_one_partner_leaves_the_other(case, ayse):
    first = make_consent(case, ayse, partner="Kanzlei Müller")
    make_consent(case, ayse, partner="Praxis Yılmaz", stated_at=first.stated_at + LATER)
    make_consent(case, ayse, partner="kanzlei müller", given=False, stated_at=first.stated_at + 2 * LATER)
    assert not consents.has_consent(ayse, ConsentPurpose.SHARE, "Kanzlei Müller")
    assert consents.has_consent(ayse, ConsentPurpose.SHARE, "Praxis Yılmaz")


def test_require_consent_raises_without_content_in_the_exception(case, ayse):
    with pytest.raises(consents.ConsentMissing) as missing:
        consents.require_consent(ayse, ConsentPurpose.SHARE, "Kanzlei Geheimname")
    assert "Geheimname" not in str(missing.value) and "Ayşe" not in str(missing.value)
    with translation.override("en"):
        assert missing.value.user_message() == (
            "Ayşe has not consented to sharing with Kanzlei Geheimname — record the consent first."
        )
    make_consent(case, ayse, partner="Kanzlei Geheimname", given=False)
    with pytest.raises(consents.ConsentMissing) as withdrawn, translation.override("en"):
        consents.require_consent(ayse, ConsentPurpose.SHARE, "Kanzlei Geheimname")
    with translation.override("en"):
        assert "has withdrawn the consent to sharing with Kanzlei Geheimname" in withdrawn.value.user_message()


def test_the_consents_of_another_person_do_not_count(case, ayse):
    other = make_person(case, "Bruder")
    make_consent(case, other, partner="Kanzlei Müller")
    assert not consents.has_consent(ayse, ConsentPurpose.SHARE, "Kanzlei Müller")


# --- Recording statements -------------------------------------------------------------------------


def consent_data(link, **changes) -> dict:
    return {"person": str(link.public_id), "purpose": "share", "partner": "Kanzlei Müller", "given": "given",
            "form": "written", "language": "tr", "text_version": "2026-01", "stated_at": "2026-02-01T10:30",
            **changes}


def test_alice_records_a_sharing_consent_encrypted_and_audited(client_for, alice, case, ayse):
    response = post(client_for(alice), page("cases:consent_record", case_id=case.public_id),
                    consent_data(ayse, partner="Kanzlei Markerpartner"))
    assert response.status_code == 302
    assert response["Location"] == page("cases:consent_list", case_id=case.public_id)
    consent = Consent.objects.get()
    assert (consent.person, consent.given, consent.recorded_by, consent.language) == (ayse, True, alice, "tr")
    assert not database_holds("Markerpartner")
    event = AuditEvent.objects.get(action=Action.CREATE, object_id=str(consent.public_id))
    assert "partner" in event.fields and not any("Marker" in field for field in event.fields)


def test_the_time_defaults_to_now(client_for, alice, case):
    form = client_for(alice).get(page("cases:consent_record", case_id=case.public_id)).context["form"]
    shown = timezone.make_aware(form["stated_at"].value())
    assert abs(shown - timezone.now()) < datetime.timedelta(minutes=2)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"stated_at": "2999-01-01T10:00"}, "stated_at", "The time cannot be in the future."),
        ({"partner": ""}, "partner", "Name the partner the data may be shared with."),
        ({"purpose": "statistics"}, "partner", "A partner is named only for sharing."),
        ({"given": ""}, "given", "This field is required."),
        ({"person": "00000000-0000-0000-0000-000000000000"}, "person", "Select a valid choice."),
    ],
)
def test_bad_consent_input_is_explained_and_kept(client_for, alice, case, ayse, changes, field, message):
    response = post(client_for(alice), page("cases:consent_record", case_id=case.public_id),
                    consent_data(ayse, text_version="Markerversion", **changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert "Markerversion" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_list_shows_the_current_state_and_the_history(client_for, alice, case, ayse):
    first = make_consent(case, ayse, partner="Kanzlei Müller")
    make_consent(case, ayse, partner="kanzlei müller", given=False, stated_at=first.stated_at + LATER)
    make_consent(case, ayse, purpose=ConsentPurpose.STATISTICS, partner=None)
    response = client_for(alice).get(page("cases:consent_list", case_id=case.public_id))
    current = response.context["current"]
    assert [(c.purpose, c.given) for c in current] == [("share", False), ("statistics", True)]
    assert len(response.context["history"]) == 3
    assert "Ayşe" in response.content.decode()


def test_a_person_preselected_by_the_link_from_a_referral(client_for, alice, case, ayse):
    url = page("cases:consent_record", case_id=case.public_id) + f"?person={ayse.public_id}&purpose=share"
    form = client_for(alice).get(url).context["form"]
    assert (form["person"].value(), form["purpose"].value()) == (str(ayse.public_id), "share")


# --- Referrals ------------------------------------------------------------------------------------------


def referral_data(link, **changes) -> dict:
    return {"referred_on": "2026-02-02", "purpose": "legal", "partner": "Kanzlei Müller",
            "person": str(link.public_id), "shares_data": "on", "outcome": "pending", "note": "", **changes}


def test_a_referral_that_shares_data_needs_consent_and_keeps_the_input(client_for, alice, case, ayse):
    client = client_for(alice)
    url = page("cases:referral_create", case_id=case.public_id)
    response = post(client, url, referral_data(ayse, note="Markernotiz der Überweisung"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ayşe has not consented to sharing with Kanzlei Müller — record the consent first." in content
    assert "Markernotiz der Überweisung" in content
    assert f"?purpose=share&amp;person={ayse.public_id}" in content
    assert not Referral.objects.exists()
    # Consent for another partner does not help.
    make_consent(case, ayse, partner="Praxis Yılmaz")
    assert post(client, url, referral_data(ayse)).status_code == 200
    consent = make_consent(case, ayse, partner=" kanzlei MÜLLER")
    response = post(client, url, referral_data(ayse, partner="Kanzlei Markerkanzlei Müller"))
    assert response.status_code == 200  # the partner must match
    response = post(client, url, referral_data(ayse))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent == consent and referral.shares_data and referral.person == ayse


def test_a_referral_without_sharing_needs_no_consent(client_for, alice, case, ayse):
    response = post(client_for(alice), page("cases:referral_create", case_id=case.public_id),
                    referral_data(ayse, shares_data="", partner="Beratungsstelle Markerpartnerin"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent is None
    assert not database_holds("Markerpartnerin")


def test_sharing_needs_a_person(client_for, alice, case, ayse):
    response = post(client_for(alice), page("cases:referral_create", case_id=case.public_id),
                    referral_data(ayse, person=""))
    assert response.status_code == 200
    assert "Choose the person whose data is passed on." in response.content.decode()


def test_a_withdrawn_consent_shows_a_warning_and_the_outcome_can_still_be_updated(client_for, alice, case, ayse):
    consent = make_consent(case, ayse, partner="Kanzlei Müller")
    referral = make_referral(case, person=ayse, partner="Kanzlei Müller", shares_data=True, consent=consent)
    url = page("cases:referral_edit", case_id=case.public_id, record_id=referral.public_id)
    client = client_for(alice)
    assert "was withdrawn on" not in client.get(url).content.decode()
    make_consent(case, ayse, partner="Kanzlei Müller", given=False, stated_at=consent.stated_at + LATER)
    assert "The consent this referral relied on was withdrawn on" in client.get(url).content.decode()
    response = post(client, url, referral_data(ayse, version=referral.version, referred_on=referral.referred_on.isoformat(),
                                               outcome=ReferralOutcome.TAKEN_UP))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.TAKEN_UP and referral.consent == consent
    event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(referral.public_id))
    assert event.fields == ["outcome"]


def test_changing_the_partner_checks_the_consent_again(client_for, alice, case, ayse):
    consent = make_consent(case, ayse, partner="Kanzlei Müller")
    referral = make_referral(case, person=ayse, partner="Kanzlei Müller", shares_data=True, consent=consent)
    url = page("cases:referral_edit", case_id=case.public_id, record_id=referral.public_id)
    response = post(client_for(alice), url, referral_data(ayse, version=referral.version, partner="Andere Kanzlei",
                                                          referred_on=referral.referred_on.isoformat()))
    assert response.status_code == 200
    assert "has not consented to sharing with Andere Kanzlei" in response.content.decode()
    referral.refresh_from_db()
    assert referral.partner == "Kanzlei Müller"


def test_a_referral_in_the_future_is_refused(client_for, alice, case, ayse):
    response = post(client_for(alice), page("cases:referral_create", case_id=case.public_id),
                    referral_data(ayse, shares_data="", referred_on="2999-01-01"))
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()


def test_persons_of_another_case_cannot_be_chosen(client_for, alice, backup, case):
    stranger = make_person(make_case(backup), "Fremd")
    make_consent(stranger.case, stranger, partner="Kanzlei Müller")
    response = post(client_for(alice), page("cases:referral_create", case_id=case.public_id), referral_data(stranger))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = post(client_for(alice), page("cases:consent_record", case_id=case.public_id), consent_data(stranger))
    assert response.status_code == 200
    assert not Referral.objects.exists() and Consent.objects.count() == 1
