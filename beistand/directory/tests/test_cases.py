"""From a case to the directory and back: "refer to this", the outcomes per entry, and the card for the person."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import CaseStatus, ReferralOutcome
from beistand.cases.models import Referral
from beistand.cases.testing import make_case
from beistand.network.tests.factories import csrf_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(backup, alice):
    return make_case(backup, assigned=[alice])


@pytest.fixture
def person(case):
    return add_new_person(case, pseudonym="Nadia K.", languages=["ar", "de"])


def refer_url(case, entry):
    return reverse("directory:refer", args=[case.public_id, entry.public_id])


def card_url(case, entry):
    return reverse("directory:card", args=[case.public_id, entry.public_id])


def test_search_from_a_case_offers_refer_to_this(alice, client_for, case, network_entry):
    page = client_for(alice).get(reverse("directory:search"), {"case": str(case.public_id), "q": "Arabisch"}).content.decode()
    assert refer_url(case, network_entry) in page
    assert case.reference in page


def test_refer_starts_filled_in_from_the_entry(alice, client_for, case, person, network_entry):
    page = client_for(alice).get(refer_url(case, network_entry)).content.decode()
    partner = re.search(r'name="partner" value="([^"]*)"', page).group(1)
    assert partner == "Psychotherapie auf Arabisch (Träger) – Psychotherapie auf Arabisch"
    assert '<option value="psychological" selected>' in page
    assert f'name="directory_entry" value="{network_entry.public_id}"' in page


def test_the_saved_referral_links_the_entry_and_leads_to_the_card(alice, client_for, case, person, network_entry):
    client = client_for(alice)
    response = client.post(refer_url(case, network_entry), {
        "csrfmiddlewaretoken": csrf_token(client), "referred_on": timezone.localdate().isoformat(),
        "purpose": "psychological", "partner": "Praxis Beispiel", "person": str(person.public_id),
        "outcome": "pending", "note": "", "directory_entry": str(network_entry.public_id),
    })
    assert response.status_code == 302
    assert response["Location"] == card_url(case, network_entry)
    referral = Referral.objects.get(case=case)
    assert referral.directory_entry == network_entry and referral.person == person


def test_a_referral_cannot_point_to_an_entry_the_counsellor_cannot_read(alice, client_for, case, rheinland_private, network_entry):
    client = client_for(alice)
    response = client.post(refer_url(case, network_entry), {
        "csrfmiddlewaretoken": csrf_token(client), "referred_on": timezone.localdate().isoformat(),
        "purpose": "legal", "partner": "X", "person": "", "outcome": "pending", "note": "",
        "directory_entry": str(rheinland_private.public_id),
    })
    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_closed_cases_refer_nobody(alice, client_for, backup, network_entry):
    closed = make_case(backup, assigned=[alice], status=CaseStatus.CLOSED, closed_on=timezone.localdate())
    response = client_for(alice).get(refer_url(closed, network_entry), follow=True)
    assert "This case is closed and can no longer be changed." in response.content.decode()


def test_the_card_is_in_the_persons_language_and_says_the_details_are_german(alice, client_for, case, person, network_entry):
    Referral(case=case, partner="X", purpose="psychological", person=person, directory_entry=network_entry).save()
    page = client_for(alice).get(card_url(case, network_entry)).content.decode()
    card = page[page.index('<section class="details-card"'):page.index("</section>")]
    assert 'lang="ar" dir="rtl"' in card
    with translation.override("ar"):  # the note in the card's language (or its fallback)
        assert gettext("Names, addresses and directions are in German, as they are written at the place itself.") in card
    assert '<span lang="de" dir="ltr">Musterstraße 1, 44135 Dortmund</span>' in card
    assert 'href="tel:+49231000000"' in card
    assert "Nadia" not in card  # nothing about the person on the card
    assert "Psychotherapie auf Arabisch" in page[page.index('id="card-text"'):]


def test_the_card_language_can_be_chosen(alice, client_for, case, person, network_entry):
    page = client_for(alice).get(card_url(case, network_entry), {"person": str(person.public_id), "language": "de"}).content.decode()
    card = page[page.index('<section class="details-card"'):page.index("</section>")]
    assert 'lang="de" dir="ltr"' in card
    assert "Names, addresses and directions are in German" not in card


def test_an_arabic_card_has_arabic_labels(alice, client_for, case, network_entry):
    page = client_for(alice).get(card_url(case, network_entry), {"language": "ar"}).content.decode()
    card = page[page.index('<section class="details-card"'):page.index("</section>")]
    text = page[page.index('id="card-text"'):]
    for part in (card, text):
        assert "مواعيد العمل" in part and "Opening hours" not in part  # the label
        assert "الاثنين" in part and "Monday" not in part  # the weekday
        assert "الأسماء والعناوين" in part and "Names, addresses" not in part  # the note on German texts


def test_the_card_is_only_for_the_cases_counsellors(carol, client_for, case, network_entry):
    assert client_for(carol).get(card_url(case, network_entry)).status_code == 404


def test_the_entry_shows_how_referrals_from_the_centre_went(alice, carol, client_for, case, network_entry, rheinland):
    for outcome in (ReferralOutcome.TAKEN_UP, ReferralOutcome.TAKEN_UP, ReferralOutcome.NOT_TAKEN_UP):
        Referral(case=case, partner="X", purpose="psychological", outcome=outcome, directory_entry=network_entry).save()
    other = make_case(rheinland, assigned=[carol])
    Referral(case=other, partner="X", purpose="psychological", outcome=ReferralOutcome.NOT_TAKEN_UP, directory_entry=network_entry).save()
    page = client_for(alice).get(reverse("directory:service_detail", args=[network_entry.public_id])).content.decode()
    assert "<li>Taken up: 2</li>" in page and "<li>Not taken up: 1</li>" in page
    carols = client_for(carol).get(reverse("directory:service_detail", args=[network_entry.public_id])).content.decode()
    assert "<li>Not taken up: 1</li>" in carols and "Taken up: 2" not in carols


def test_the_referral_form_links_to_the_directory(alice, client_for, case, network_entry):
    page = client_for(alice).get(reverse("cases:referral_create", args=[case.public_id])).content.decode()
    assert f'{reverse("directory:search")}?case={case.public_id}' in page


@pytest.mark.parametrize(("language", "lang", "direction"), [
    ("de-ls", "de-x-ls", "ltr"), ("fa", "fa", "rtl"), ("tr", "tr", "ltr"), ("uk", "uk", "ltr"),
])
def test_the_card_speaks_every_interface_language(alice, client_for, case, network_entry, language, lang, direction):
    response = client_for(alice).get(card_url(case, network_entry), {"language": language})
    assert response.status_code == 200
    assert f'<section class="details-card" lang="{lang}" dir="{direction}"' in response.content.decode()


def test_an_unknown_card_language_or_person_falls_back_quietly(alice, client_for, case, person, network_entry):
    response = client_for(alice).get(card_url(case, network_entry), {"language": "xx", "person": "nobody"})
    assert response.status_code == 200


@pytest.mark.parametrize("case_id", ["nonsense", "00000000-0000-0000-0000-000000000000"])
def test_a_bad_or_foreign_case_in_the_address_is_ignored(alice, client_for, network_entry, case_id):
    response = client_for(alice).get(reverse("directory:service_detail", args=[network_entry.public_id]), {"case": case_id})
    assert response.status_code == 200
    assert "Refer to this" not in response.content.decode()
