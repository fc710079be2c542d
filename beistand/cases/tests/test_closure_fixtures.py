"""A full case for the closure, deletion and export tests: every kind of record, each with its own marker.

Markers are unique per case, so a test can search the database file for them.
Encrypted fields carry `marker("...")` texts; the court's name is a plaintext
column on purpose, to prove that deleted rows are gone from the file too.
Imported by test_closure_*.py, test_deletion_*.py and test_export_*.py.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import (
    AccompanimentKind,
    AgeBand,
    ConsentForm,
    ConsentPurpose,
    DeadlineKind,
    DocumentKind,
    Gender,
    PersonRole,
    ProceedingRole,
    ReferralPurpose,
    SessionMode,
    VerificationStatus,
)
from beistand.cases.models import (
    Accompaniment,
    Case,
    CasePerson,
    Code,
    Consent,
    CounsellingSession,
    CourtProceeding,
    Deadline,
    Document,
    Hearing,
    Incident,
    Notice,
    NoticeKind,
    Referral,
)
from beistand.cases.testing import make_case
from beistand.keys.models import DataKey, Purpose
from beistand.network.models import District

FILE_BYTES = b"%PDF-1.4 Attest Dr. Markerfeld: Prellungen am linken Arm " + uuid.uuid4().hex.encode()
PREVIEW_BYTES = b"\xff\xd8\xff preview of the certificate " + uuid.uuid4().hex.encode()
DORTMUND = "05913"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test stores its encrypted files in its own folder, so it can look at all of them."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english():
    """Pages are read in English, the source language (German comes from the catalogue later):
    URLs reversed in the test carry /en/."""
    with translation.override("en"):
        yield


@dataclass
class FullCase:
    case: Case
    affected: CasePerson
    witness: CasePerson
    incident: Incident
    document: Document
    markers: dict[str, str] = field(default_factory=dict)
    plain_markers: dict[str, str] = field(default_factory=dict)

    @property
    def stored_files(self) -> list[str]:
        return [self.document.file.name, self.document.preview.name]


def code(scheme: str, value: str) -> Code:
    return Code.objects.get(code_list__network=None, code_list__is_current=True, code_list__scheme=scheme, code=value)


def build_full_case(centre: Any, *, assigned: list[Any] = (), opened_on: datetime.date | None = None) -> FullCase:  # type: ignore[assignment]
    tag = uuid.uuid4().hex[:10]
    markers = {name: f"{name}-{tag}" for name in (
        "title", "pseudonym", "name", "phone", "address", "code_word", "witness", "place", "description",
        "session_note", "witness_note", "accompaniment_note", "file_number", "partner", "consent_partner", "referral_note",
        "deadline", "document_name", "document_description",
    )}
    opened_on = opened_on or timezone.localdate() - datetime.timedelta(days=60)
    case = make_case(
        centre, assigned=list(assigned), title=markers["title"], opened_on=opened_on,
        district=District.objects.get(ags=DORTMUND),
    )
    affected = add_new_person(
        case, pseudonym=markers["pseudonym"], name=markers["name"],
        contact={"phone": markers["phone"], "address": markers["address"]},
        safe_contact={"code_word": markers["code_word"], "no_voicemail": True},
        languages=["tr", "de"], age_band=AgeBand.ADULT, gender=Gender.FEMALE,
    )
    witness = add_new_person(
        case, role=PersonRole.WITNESS, pseudonym=markers["witness"], age_band=AgeBand.YOUTH, gender=Gender.MALE,
    )
    full = FullCase(
        case=case, affected=affected, witness=witness, incident=_incident(case, markers),
        document=_document(case, markers), markers=markers,
    )
    _work(full)
    return full


def _incident(case: Case, markers: dict[str, str]) -> Incident:
    incident = Incident(
        centre=case.centre, data_key=DataKey.create(Purpose.INCIDENT, case.centre),
        occurred_on=case.opened_on - datetime.timedelta(days=3), district=case.district,
        exact_place=markers["place"], description=markers["description"],
        offence=code("offence", "dangerous_bodily_harm"), verification=VerificationStatus.VERIFIED,
        affected_count=2, minors_count=1,
    )
    incident.save()
    incident.cases.add(case)
    incident.motives.add(code("motive", "racism"))
    return incident


def _document(case: Case, markers: dict[str, str]) -> Document:
    document = Document(
        case=case, kind=DocumentKind.MEDICAL_CERTIFICATE, original_name=markers["document_name"],
        description=markers["document_description"], content_type="application/pdf", size=len(FILE_BYTES),
    )
    document.data_key = case.data_key
    document.file.save("upload", ContentFile(FILE_BYTES), save=False)
    document.preview.save("upload", ContentFile(PREVIEW_BYTES), save=False)
    document.save()
    return document


def _work(full: FullCase) -> None:
    case, markers, affected = full.case, full.markers, full.affected
    outreach = CounsellingSession(case=case, duration_minutes=90, mode=SessionMode.OUTREACH_HOME,
                                  note=markers["session_note"], held_on=case.opened_on)
    outreach.save()
    outreach.participants.add(affected)
    witness_session = CounsellingSession(case=case, duration_minutes=30, mode=SessionMode.PHONE,
                                         note=markers["witness_note"], held_on=case.opened_on)
    witness_session.save()
    witness_session.participants.add(full.witness)
    Accompaniment(case=case, kind=AccompanimentKind.COURT, note=markers["accompaniment_note"]).save()
    full.plain_markers["court"] = f"Amtsgericht-{markers['title']}"
    proceeding = CourtProceeding(case=case, court=full.plain_markers["court"], file_number=markers["file_number"],
                                 role=ProceedingRole.JOINT_PLAINTIFF)
    proceeding.save()
    Hearing.objects.create(proceeding=proceeding, held_on=timezone.localdate())
    sharing = consent(case, affected, ConsentPurpose.SHARE, given=True, partner=markers["consent_partner"])
    consent(case, affected, ConsentPurpose.STATISTICS, given=True)
    Referral(case=case, purpose=ReferralPurpose.LEGAL, partner=markers["partner"], person=affected,
             shares_data=True, consent=sharing, note=markers["referral_note"]).save()
    Deadline(case=case, kind=DeadlineKind.TASK, due_on=timezone.localdate() + datetime.timedelta(days=10),
             title=markers["deadline"]).save()
    counsellor = case.assigned.first()
    if counsellor is not None:
        # A notice about the case: it must lose its link when the case goes, and keep the reference only.
        Notice.objects.create(recipient=counsellor, centre=case.centre, kind=NoticeKind.DEADLINE_DUE,
                              reference=case.reference, case=case)


def consent(case: Case, link: CasePerson, purpose: str, *, given: bool, partner: str | None = None,
            stated_at: datetime.datetime | None = None) -> Consent:
    statement = Consent(case=case, person=link, purpose=purpose, given=given, partner=partner,
                        form=ConsentForm.SPOKEN, language="de", text_version="2026-1",
                        stated_at=stated_at or timezone.now())
    statement.save()
    return statement
