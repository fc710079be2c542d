"""Persons in a case: new ones, the same person in a second case, editing, removing and shredding."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from beistand.audit.models import Action, AuditEvent
from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import AgeBand, CaseStatus, ConsentForm, ConsentPurpose, PersonRole
from beistand.cases.models import Case, CasePerson, Consent, Person
from beistand.cases.testing import make_case
from beistand.keys.models import DataKey
from beistand.keys.testing import database_holds

pytestmark = pytest.mark.django_db


def post(client, url: str, data: dict, **kwargs):
    client.get(reverse("workspace:home"))  # sets the CSRF cookie
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["beistand_csrf"].value}, **kwargs)


def new_person(**overrides) -> dict:
    data = {"action": "new", "pseudonym": "", "role": PersonRole.DIRECTLY_AFFECTED, "age_band": AgeBand.UNKNOWN,
            "gender": "unknown"}
    data.update(overrides)
    return data


def person_data(link: CasePerson, **overrides) -> dict:
    person = link.person
    data = {"pseudonym": person.pseudonym, "role": link.role, "age_band": person.age_band,
            "gender": person.gender, "version": person.version, "name": person.name or ""}
    data.update(overrides)
    return data


@pytest.fixture
def case(backup, alice) -> Case:
    return make_case(backup, assigned=[alice])


def test_a_new_person_is_stored_encrypted(client_for, alice, case):
    response = post(client_for(alice), reverse("cases:person_add", args=[case.public_id]), new_person(
        pseudonym="Mira Pseudomarker", name="Mira Namensmarker", phone="+49 231 5550199",
        email="mira@mailmarker.example", address="Hauptstraße 1", safe_times="abends ab 18 Uhr",
        safe_channel="sms", no_voicemail="on", code_word="Kodewortmarker", languages=["tr", "de"],
        interpreter_needed="on", age_band=AgeBand.ADULT, gender="female", role=PersonRole.WITNESS,
    ))
    assert response.status_code == 302
    link = case.participants.get()
    person = link.person
    assert (person.pseudonym, person.name, link.role) == ("Mira Pseudomarker", "Mira Namensmarker", PersonRole.WITNESS)
    assert person.contact == {"phone": "+49 231 5550199", "email": "mira@mailmarker.example", "address": "Hauptstraße 1"}
    assert person.safe_contact == {"times": "abends ab 18 Uhr", "channel": "sms", "no_voicemail": True,
                                   "code_word": "Kodewortmarker"}
    assert person.languages == ["tr", "de"] and person.interpreter_needed
    assert person.data_key_id != case.data_key_id  # a key of their own, not the case's
    for marker in ("Pseudomarker", "Namensmarker", "5550199", "mailmarker", "Kodewortmarker"):
        assert not database_holds(marker), marker


def test_only_the_pseudonym_is_required(client_for, alice, case):
    client = client_for(alice)
    url = reverse("cases:person_add", args=[case.public_id])
    response = post(client, url, new_person(name="Ohne Pseudonym", phone="12ab"))
    assert response.status_code == 200
    assert 'href="#id_pseudonym"' in response.text and 'href="#id_phone"' in response.text
    assert 'value="Ohne Pseudonym"' in response.text
    assert not case.participants.exists()
    assert post(client, url, new_person(pseudonym="Nur Pseudonym")).status_code == 302
    person = case.participants.get().person
    assert person.name is None and person.contact is None and person.safe_contact is None


def test_the_same_person_joins_a_second_case_without_a_copy(client_for, alice, backup, case):
    first = make_case(backup, assigned=[alice])
    known = add_new_person(first, pseudonym="Emre K.").person
    client = client_for(alice)
    url = reverse("cases:person_add", args=[case.public_id])
    # She finds the person by the exact pseudonym (capital letters and spaces aside)...
    found = post(client, url, {"action": "find", "find": " emre  k. "})
    assert found.status_code == 200
    assert f'value="{known.public_id}"' in found.text
    assert first.reference in found.text  # the other case she may see
    # ...and adds them.
    response = post(client, url, {"action": "existing", "find": "emre k.", "existing-person": str(known.public_id),
                                  "existing-role": PersonRole.RELATIVE})
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert case.participants.get().person == known
    assert case.participants.get().role == PersonRole.RELATIVE


def test_finding_offers_nobody_of_another_centre_or_already_in_the_case(client_for, alice, rheinland, case):
    add_new_person(make_case(rheinland), pseudonym="Emre K.")
    add_new_person(case, pseudonym="Schon drin")
    url = reverse("cases:person_add", args=[case.public_id])
    client = client_for(alice)
    for pseudonym in ("Emre K.", "Schon drin"):
        response = post(client, url, {"action": "find", "find": pseudonym})
        assert "knows no other person with exactly this pseudonym" in response.text
    # A forged choice of a person outside the search is refused.
    foreign = Person.objects.get(centre=rheinland)
    response = post(client, url, {"action": "existing", "find": "Emre K.", "existing-person": str(foreign.public_id),
                                  "existing-role": PersonRole.RELATIVE})
    assert response.status_code == 200
    assert case.participants.count() == 1


def test_editing_a_person_is_checked_against_stale_forms(client_for, alice, bob, case):
    link = add_new_person(case, pseudonym="Alt")
    url = reverse("cases:person_edit", args=[case.public_id, link.public_id])
    page = client_for(alice).get(url)
    assert 'value="Alt"' in page.text
    loaded = person_data(link)
    assert post(client_for(bob), url, {**loaded, "pseudonym": "Bobs Fassung"}).status_code == 302
    response = post(client_for(alice), url, {**loaded, "pseudonym": "Alices Fassung", "role": PersonRole.WITNESS})
    assert response.status_code == 200
    assert "Someone else saved this person" in response.text
    assert 'value="Alices Fassung"' in response.text
    link.refresh_from_db()
    link.person.refresh_from_db()
    assert link.person.pseudonym == "Bobs Fassung" and link.role == PersonRole.DIRECTLY_AFFECTED
    # Saving again (with the version now on the form) is her deliberate choice.
    again = post(client_for(alice), url, {**loaded, "pseudonym": "Alices Fassung", "version": 2})
    assert again.status_code == 302
    link.person.refresh_from_db()
    assert link.person.pseudonym == "Alices Fassung"
    changes = AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(link.person.public_id))
    assert [event.fields for event in changes] == [["pseudonym"], ["pseudonym"]]


def test_a_person_of_another_case_is_404_here(client_for, alice, backup, case):
    elsewhere = add_new_person(make_case(backup), pseudonym="Woanders")
    client = client_for(alice)
    for name in ("cases:person_edit", "cases:person_remove"):
        assert client.get(reverse(name, args=[case.public_id, elsewhere.public_id])).status_code == 404


def test_removing_keeps_a_person_other_cases_name(client_for, alice, backup, case):
    other = make_case(backup)
    link = add_new_person(case, pseudonym="Geteilt")
    CasePerson.objects.create(case=other, person=link.person)
    url = reverse("cases:person_remove", args=[case.public_id, link.public_id])
    client = client_for(alice)
    assert "Other cases still name this person" in client.get(url).text
    assert post(client, url, {}).status_code == 302
    assert not case.participants.exists()
    assert other.participants.get().person.pseudonym == "Geteilt"


def test_removing_the_last_link_shreds_the_person(client_for, alice, case):
    link = add_new_person(case, pseudonym="Letzter Fall", name="Zu Loeschen")
    key_id, person_id = link.person.data_key_id, link.person.public_id
    url = reverse("cases:person_remove", args=[case.public_id, link.public_id])
    client = client_for(alice)
    assert "will be deleted for good" in client.get(url).text
    response = post(client, url, {}, follow=True)
    assert "their data was deleted for good" in response.text
    assert not Person.objects.filter(public_id=person_id).exists()
    assert DataKey.objects.get(pk=key_id).destroyed_at is not None
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(person_id)).exists()
    assert AuditEvent.objects.filter(action=Action.SHRED).exists()


def test_a_person_named_in_a_consent_is_not_removed(client_for, alice, case):
    link = add_new_person(case, pseudonym="Mit Einwilligung")
    Consent(case=case, person=link, purpose=ConsentPurpose.STORE, given=True, stated_at=timezone.now(),
            form=ConsentForm.SPOKEN, language="de", text_version="1").save()
    url = reverse("cases:person_remove", args=[case.public_id, link.public_id])
    response = post(client_for(alice), url, {}, follow=True)
    assert "cannot be removed" in response.text
    assert case.participants.get() == link


def test_persons_of_a_closed_case_are_not_changed(client_for, alice, case):
    link = add_new_person(case, pseudonym="Geschlossen")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_on=timezone.localdate())
    client = client_for(alice)
    for url in (
        reverse("cases:person_add", args=[case.public_id]),
        reverse("cases:person_edit", args=[case.public_id, link.public_id]),
        reverse("cases:person_remove", args=[case.public_id, link.public_id]),
    ):
        response = post(client, url, new_person(pseudonym="Neu"), follow=True)
        assert "This case is closed" in response.text
    assert case.participants.get().person.pseudonym == "Geschlossen"
