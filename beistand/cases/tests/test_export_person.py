"""The data-access export (GDPR Art. 15) of one person in one case: everything about them,
nothing about the others, in their language, as a page and as JSON, audited."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from beistand.audit.models import Action, AuditEvent
from beistand.cases.models import Person
from beistand.cases.tests.test_closure_fixtures import (  # noqa: F401 -- private_media is a fixture
    FILE_BYTES,
    FullCase,
    build_full_case,
    private_media,
)
from beistand.cases.views.export import export_language

pytestmark = pytest.mark.django_db

# Opened on 2 March 2026: the month's name shows the language of the page.
OPENED = datetime.date(2026, 3, 2)
MONTH = {"tr": "Mart", "de": "März", "en": "March"}


@pytest.fixture
def full(backup, alice) -> FullCase:
    return build_full_case(backup, assigned=[alice], opened_on=OPENED)


def export_url(full: FullCase, name: str = "cases:person_export", link=None) -> str:
    # The staff member works in German; the export follows the person, not them.
    with translation.override("de"):
        return reverse(name, args=[full.case.public_id, (link or full.affected).public_id])


def speaks(full: FullCase, languages: list[str]) -> None:
    Person.objects.filter(pk=full.affected.person.pk).update(languages=languages)


def test_the_page_holds_everything_about_the_person_and_nothing_about_others(full, alice, client_for):
    response = client_for(alice).get(export_url(full))
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("pseudonym", "name", "phone", "address", "code_word", "consent_partner", "session_note",
                 "partner", "referral_note", "place", "description", "document_name"):
        assert full.markers[name] in body, name
    for name in ("witness", "witness_note", "accompaniment_note", "file_number", "deadline"):
        assert full.markers[name] not in body, name
    assert FILE_BYTES.decode("latin-1") not in body
    assert "Rassismus" in body  # the incident's motive, by its label


def test_the_page_is_in_the_persons_first_language_the_platform_speaks(full, alice, client_for):
    response = client_for(alice).get(export_url(full))  # the person speaks Turkish, then German
    body = response.content.decode()
    assert '<html lang="tr"' in body
    assert response["Content-Language"] == "tr"
    assert MONTH["tr"] in body and MONTH["de"] not in body


@pytest.mark.parametrize(("languages", "expected"), [
    (["en"], "en"), (["xx", "en"], "en"), (["xx"], "de"), ([], "de"), (["AR"], "ar"),
])
def test_the_language_falls_back_to_german(languages, expected):
    assert export_language(languages) == expected


def test_the_page_is_german_when_the_person_speaks_no_language_of_the_platform(full, alice, client_for):
    speaks(full, ["xx"])
    body = client_for(alice).get(export_url(full)).content.decode()
    assert '<html lang="de"' in body and MONTH["de"] in body


def test_an_arabic_page_runs_right_to_left(full, alice, client_for):
    speaks(full, ["ar"])
    body = client_for(alice).get(export_url(full)).content.decode()
    assert '<html lang="ar" dir="rtl"' in body


def test_the_json_file_is_an_attachment_in_the_persons_language(full, alice, client_for):
    speaks(full, ["en"])
    response = client_for(alice).get(export_url(full, "cases:person_export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="{full.case.reference}-person-export.json"'
    data = json.loads(response.content)
    assert data["language"] == "en"
    assert data["person"]["pseudonym"] == full.markers["pseudonym"]
    assert data["person"]["contact"]["phone"] == full.markers["phone"]
    assert data["person"]["gender"] == "Female"
    assert data["case"]["opened_on"] == OPENED.isoformat()
    assert [session["note"] for session in data["sessions"]] == [full.markers["session_note"]]
    assert [referral["partner"] for referral in data["referrals"]] == [full.markers["partner"]]
    assert {consent["purpose"] for consent in data["consents"]} == {
        "Sharing with a named partner", "Anonymised statistics"}
    assert data["incidents"][0]["exact_place"] == full.markers["place"]
    assert data["documents"] == [{"name": full.markers["document_name"], "kind": "Medical certificate",
                                  "added_on": data["documents"][0]["added_on"]}]


def test_the_witness_gets_their_own_export(full, alice, client_for):
    data = json.loads(client_for(alice).get(export_url(full, "cases:person_export_json", full.witness)).content)
    assert data["person"]["pseudonym"] == full.markers["witness"]
    assert [session["note"] for session in data["sessions"]] == [full.markers["witness_note"]]
    assert data["referrals"] == [] and data["consents"] == []


def test_each_export_is_audited(full, alice, client_for):
    client = client_for(alice)
    client.get(export_url(full))
    client.get(export_url(full, "cases:person_export_json"))
    events = AuditEvent.objects.filter(action=Action.EXPORT).order_by("pk")
    assert [(event.object_id, event.fields) for event in events] == [
        (str(full.affected.person.public_id), ["format:html"]),
        (str(full.affected.person.public_id), ["format:json"]),
    ]
    assert all(event.centre_id == full.case.centre.public_id for event in events)


def test_a_person_of_another_case_is_not_exported_through_this_one(full, backup, alice, client_for):
    other = build_full_case(backup, assigned=[alice])
    with translation.override("de"):
        url = reverse("cases:person_export", args=[full.case.public_id, other.affected.public_id])
    assert client_for(alice).get(url).status_code == 404


def test_outsiders_get_404(full, carol, kai, client_for):
    for outsider in (carol, kai):
        assert client_for(outsider).get(export_url(full)).status_code == 404
        assert client_for(outsider).get(export_url(full, "cases:person_export_json")).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
