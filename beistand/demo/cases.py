"""A handful of demo cases for the demo personas, so the workspace has something to show.

Every case, person and text here is invented, and says so where a text can:
pseudonyms, "(Beispiel)" partners, no addresses or phone numbers. The cases are
made like the workspace makes them — `create_case` and `add_new_person` (own
data keys, references, audit events, notices to the assigned counsellors) and
the models for the rest, each with its CREATE event — with dates relative to
today, so the demo always looks current.

`create_demo_cases()` is idempotent: each demo case has a fixed public id
(derived from its key), and a case that exists is left as it is, however it
was changed in the demo since. It refuses to run where DEMO_ALLOWED is off.
An exit case at ComeBack would need a ComeBack persona, which the demo does
not have (personas.py), so there is none.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from beistand.accounts.models import User
from beistand.audit.context import SYSTEM, acting_as
from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.actions import core as actions
from beistand.cases.choices import (
    AccessChannel,
    AccompanimentKind,
    AgeBand,
    CaseKind,
    CaseStatus,
    ConsentForm,
    ConsentPurpose,
    DeadlineKind,
    Gender,
    PersonRole,
    ReferralOutcome,
    ReferralPurpose,
    SessionMode,
    VerificationStatus,
    YesNoUnknown,
)
from beistand.cases.deadlines import due_date
from beistand.cases.models import (
    Accompaniment,
    Case,
    CasePerson,
    Code,
    CodeList,
    Consent,
    CounsellingSession,
    Deadline,
    Incident,
    Referral,
)
from beistand.demo.personas import EMAIL_DOMAIN, DemoRefused, refuse_outside_demo
from beistand.keys.models import DataKey, Purpose
from beistand.network.models import Centre, District, Municipality

# Demo cases' public ids: uuid5(NAMESPACE, key). Stable, so a second run finds them.
NAMESPACE = uuid.UUID("6d3f7a52-4c1e-4f0b-9a57-2d2b8f0e1c11")
CONSENT_TEXT_VERSION = "2024-1"


@dataclass(frozen=True)
class DemoPerson:
    pseudonym: str
    role: str = PersonRole.DIRECTLY_AFFECTED
    age_band: str = AgeBand.ADULT
    gender: str = Gender.UNKNOWN
    languages: tuple[str, ...] = ("de",)
    interpreter_needed: bool = False


@dataclass(frozen=True)
class DemoIncident:
    days_ago: int
    district_ags: str
    motives: tuple[str, ...]
    offence: str
    place: str
    description: str
    reported_to_police: str = YesNoUnknown.YES


@dataclass(frozen=True)
class DemoSession:
    days_ago: int
    mode: str
    minutes: int
    note: str
    language: str = "de"
    interpreter_used: bool = False


@dataclass(frozen=True)
class DemoCase:
    key: str
    centre: str  # slug
    assigned: tuple[str, ...]  # persona keys
    kind: str
    status: str
    access_channel: str
    opened_days_ago: int
    district_ags: str
    title: str
    needs: str
    persons: tuple[DemoPerson, ...]
    incident: DemoIncident | None = None
    sessions: tuple[DemoSession, ...] = ()
    # (kind, days ago, travel cost, interpreter cost, note)
    accompaniments: tuple[tuple[str, int, str, str, str], ...] = ()
    # (purpose, partner, shares data, outcome)
    referrals: tuple[tuple[str, str, bool, str], ...] = ()
    # (kind, title); legal kinds run from the incident, a task is due in a week
    deadlines: tuple[tuple[str, str], ...] = ()

    @property
    def public_id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, self.key)


DEMO_CASES = [
    DemoCase(
        key="backup-haltestelle", centre="backup", assigned=("alice",), kind=CaseKind.VICTIM_COUNSELLING,
        status=CaseStatus.ACTIVE, access_channel=AccessChannel.REFERRAL_BY_OTHERS, opened_days_ago=20,
        district_ags="05913", title="Angriff an der Haltestelle (Beispiel)",
        needs="Sicherheit auf dem Weg zur Arbeit, Unterstützung bei Anzeige und Nebenklage.",
        persons=(
            DemoPerson("Mirelu K.", age_band=AgeBand.ADULT, gender=Gender.FEMALE, languages=("ar", "de")),
            DemoPerson("Tamo K.", role=PersonRole.RELATIVE, gender=Gender.MALE, languages=("ar", "de")),
        ),
        incident=DemoIncident(
            days_ago=24, district_ags="05913", motives=("racism",), offence="dangerous_bodily_harm",
            place="Bushaltestelle in der Innenstadt (Beispiel)",
            description="Zwei Männer riefen rassistische Beleidigungen, einer schlug mit einer Flasche zu.",
        ),
        sessions=(
            DemoSession(19, SessionMode.OFFICE, 60, "Erstgespräch im Büro. Schilderung des Angriffs, "
                        "Einwilligungen besprochen, Anzeige ist bereits erstattet.", "ar", True),
            DemoSession(8, SessionMode.OUTREACH_HOME, 90, "Aufsuchender Termin zu Hause. Schlaf ist "
                        "schlecht, Termin bei der Anwältin vereinbart.", "ar", True),
        ),
        accompaniments=((AccompanimentKind.POLICE, 12, "18.40", "65.00", "Zeugenvernehmung, mit Dolmetscherin."),),
        referrals=((ReferralPurpose.LEGAL, "Fachanwältin für Strafrecht (Beispielkanzlei)", True,
                    ReferralOutcome.TAKEN_UP),),
        deadlines=((DeadlineKind.CRIMINAL_COMPLAINT, "Strafantrag wegen Beleidigung prüfen"),),
    ),
    DemoCase(
        key="backup-bedrohung-redaktion", centre="backup", assigned=("bob",), kind=CaseKind.VICTIM_COUNSELLING,
        status=CaseStatus.ACTIVE, access_channel=AccessChannel.SELF_REFERRAL, opened_days_ago=9,
        district_ags="05911", title="Bedrohung einer Lokaljournalistin (Beispiel)",
        needs="Einschätzung der Gefährdung, Auskunftssperre beim Melderegister.",
        persons=(DemoPerson("Selna W.", gender=Gender.FEMALE),),
        incident=DemoIncident(
            days_ago=14, district_ags="05911", motives=("political_opponents", "journalists"),
            offence="coercion_threat", place="Briefkasten der Redaktion (Beispiel)",
            description="Drohbriefe mit Foto der Wohnungstür nach einem Bericht über eine Demonstration.",
        ),
        sessions=(DemoSession(9, SessionMode.PHONE, 30, "Telefonat: Ablauf besprochen, Termin im Büro "
                               "vereinbart. Briefe sind bei der Polizei."),),
        deadlines=((DeadlineKind.TASK, "Antrag auf Auskunftssperre mitbringen lassen"),),
    ),
    DemoCase(
        key="backup-synagoge", centre="backup", assigned=("alice", "bob"), kind=CaseKind.VICTIM_COUNSELLING,
        status=CaseStatus.DORMANT, access_channel=AccessChannel.OWN_RESEARCH, opened_days_ago=150,
        district_ags="05515", title="Schmiererei und Bedrohung vor dem Gemeindezentrum (Beispiel)",
        needs="Begleitung im Verfahren, Austausch mit der Gemeinde.",
        persons=(DemoPerson("Dorafi B.", gender=Gender.MALE, age_band=AgeBand.ADULT),),
        incident=DemoIncident(
            days_ago=155, district_ags="05515", motives=("antisemitism",), offence="property_damage",
            place="vor einem Gemeindezentrum (Beispiel)",
            description="Eingang beschmiert, Besucher beim Verlassen bedroht.",
        ),
        sessions=(DemoSession(148, SessionMode.OUTREACH_PLACE, 60, "Treffen im Gemeindezentrum, "
                                 "Gedächtnisprotokoll begonnen."),),
        referrals=((ReferralPurpose.PSYCHOLOGICAL, "Traumaambulanz (Beispiel)", False, ReferralOutcome.PENDING),),
    ),
    DemoCase(
        key="backup-anfrage", centre="backup", assigned=("bob",), kind=CaseKind.VICTIM_COUNSELLING,
        status=CaseStatus.ENQUIRY, access_channel=AccessChannel.ONLINE, opened_days_ago=2,
        district_ags="05711", title="Anfrage nach Beleidigung im Zug (Beispiel)",
        needs="Erst klären, was die Person möchte.",
        persons=(DemoPerson("Wenki O.", age_band=AgeBand.YOUTH, gender=Gender.DIVERSE, languages=("de", "tr")),),
    ),
    DemoCase(
        key="rheinland-nachbarschaft", centre="opferberatung-rheinland", assigned=("carol",),
        kind=CaseKind.VICTIM_COUNSELLING, status=CaseStatus.ACTIVE,
        access_channel=AccessChannel.POLICE_REFERRAL, opened_days_ago=35, district_ags="05315",
        title="Bedrohung in der Nachbarschaft (Beispiel)", needs="Wohnungswechsel, Schutz der Kinder.",
        persons=(DemoPerson("Pelosa R.", gender=Gender.FEMALE, languages=("uk", "de"), interpreter_needed=True),),
        incident=DemoIncident(
            days_ago=40, district_ags="05315", motives=("racism", "antislavism"), offence="coercion_threat",
            place="Treppenhaus des Wohnhauses (Beispiel)",
            description="Ein Nachbar droht wiederholt und beschädigt den Kinderwagen.",
        ),
        sessions=(DemoSession(33, SessionMode.OUTREACH_HOME, 75, "Aufsuchend mit Dolmetscher. "
                                "Sicherheitslage besprochen, Kinder gehen wieder zur Schule.", "uk", True),),
        deadlines=((DeadlineKind.CRIMINAL_COMPLAINT, "Strafantrag wegen Sachbeschädigung stellen"),),
    ),
]


def create_demo_cases(today: datetime.date | None = None) -> list[Case]:
    """Creates the demo cases that do not exist yet; returns all demo cases."""
    refuse_outside_demo()
    today = today or timezone.localdate()
    with acting_as(role=SYSTEM), transaction.atomic():
        return [_existing(spec) or _create(spec, today) for spec in DEMO_CASES]


def _existing(spec: DemoCase) -> Case | None:
    return Case.objects.filter(public_id=spec.public_id).first()


def _create(spec: DemoCase, today: datetime.date) -> Case:
    centre = _centre(spec.centre)
    counsellors = [_persona(key) for key in spec.assigned]

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    case = actions.create_case(
        centre=centre, kind=spec.kind, access_channel=spec.access_channel, assigned=counsellors,
        public_id=spec.public_id, status=spec.status, opened_on=ago(spec.opened_days_ago),
        received_on=ago(spec.opened_days_ago), district=_district(spec.district_ags),
        title=spec.title, needs=spec.needs,
        last_contact_on=ago(min(s.days_ago for s in spec.sessions)) if spec.sessions else None,
    )
    links = [_person(case, person, counsellors[0]) for person in spec.persons]
    incident = _incident(case, spec.incident, ago) if spec.incident else None
    for session in spec.sessions:
        _save(case, CounsellingSession(
            case=case, held_on=ago(session.days_ago), duration_minutes=session.minutes, mode=session.mode,
            language=session.language, interpreter_used=session.interpreter_used, counsellor=counsellors[0],
            note=session.note,
        )).participants.set([links[0]])
    for kind, days, travel, interpreter, note in spec.accompaniments:
        _save(case, Accompaniment(case=case, kind=kind, held_on=ago(days), travel_cost=Decimal(travel),
                                  interpreter_cost=Decimal(interpreter), counsellor=counsellors[0], note=note))
    for referral in spec.referrals:
        _referral(case, links[0], referral, counsellors[0], ago(1))
    for kind, title in spec.deadlines:
        event = incident.occurred_on if incident and kind != DeadlineKind.TASK else None
        due = due_date(kind, event) if event else today + datetime.timedelta(days=7)
        _save(case, Deadline(case=case, kind=kind, event_on=event, due_on=due, title=title,
                             assigned_to=counsellors[0]))
    return case


def _save(case: Case, row: Any) -> Any:
    row.save()
    record(Action.CREATE, obj=row, centre_id=case.centre.public_id)
    return row


def _person(case: Case, person: DemoPerson, counsellor: User) -> CasePerson:
    link = actions.add_new_person(
        case, role=person.role, pseudonym=person.pseudonym, age_band=person.age_band, gender=person.gender,
        languages=list(person.languages), interpreter_needed=person.interpreter_needed,
    )
    if person.role == PersonRole.DIRECTLY_AFFECTED:
        for purpose in (ConsentPurpose.STORE, ConsentPurpose.STATISTICS):
            _consent(case, link, purpose, counsellor)
    return link


def _consent(case: Case, link: CasePerson, purpose: str, counsellor: User, partner: str | None = None) -> Consent:
    return _save(case, Consent(
        case=case, person=link, purpose=purpose, partner=partner, given=True,
        form=ConsentForm.WRITTEN if partner else ConsentForm.SPOKEN,
        language=link.person.languages[0] if link.person.languages else "de",
        text_version=CONSENT_TEXT_VERSION, recorded_by=counsellor,
    ))


def _referral(case: Case, link: CasePerson, referral: tuple[str, str, bool, str], counsellor: User,
              on: datetime.date) -> None:
    purpose, partner, shares, outcome = referral
    # Passing data on relies on the person's consent to exactly this partner.
    consent = _consent(case, link, ConsentPurpose.SHARE, counsellor, partner) if shares else None
    _save(case, Referral(case=case, referred_on=on, purpose=purpose, partner=partner, person=link,
                         shares_data=shares, consent=consent, outcome=outcome))


def _incident(case: Case, spec: DemoIncident, ago: Any) -> Incident:
    district = _district(spec.district_ags)
    incident = Incident(
        centre=case.centre, data_key=DataKey.create(Purpose.INCIDENT, case.centre),
        occurred_on=ago(spec.days_ago), district=district,
        municipality=Municipality.objects.filter(district=district).order_by("ags").first() if district else None,
        exact_place=spec.place, offence=_code("offence", spec.offence),
        reported_to_police=spec.reported_to_police, verification=VerificationStatus.VERIFIED,
        description=spec.description,
    )
    incident.save()
    incident.cases.add(case)
    incident.motives.set([_code("motive", motive) for motive in spec.motives])
    record(Action.CREATE, obj=incident, centre_id=case.centre.public_id)
    return incident


def _code(scheme: str, code: str) -> Code:
    current = CodeList.objects.filter(network__isnull=True, scheme=scheme, is_current=True)
    return Code.objects.get(code_list__in=current, code=code)


def _district(ags: str) -> District | None:
    # Partial region data (some test set-ups) leave the case without a Kreis rather than failing.
    return District.objects.filter(ags=ags).first()


def _centre(slug: str) -> Centre:
    centre = Centre.objects.filter(slug=slug).first()
    if centre is None:
        raise DemoRefused(f"centre '{slug}' is missing: load the demo network first (manage.py load_demo does both).")
    return centre


def _persona(key: str) -> User:
    user = User.objects.filter(email=f"{key}@{EMAIL_DOMAIN}").first()
    if user is None:
        raise DemoRefused(f"persona '{key}' is missing: create the personas first (manage.py load_demo does both).")
    return user
