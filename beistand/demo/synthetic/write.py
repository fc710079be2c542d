"""Turning a batch of case plans into rows: bulk inserts through the real models.

Every row gets its data key before it is inserted (the case's key for the
records inside a case, as CaseRecord.save sets it; a key of their own for
persons and incidents, as the actions make them), and the objects its
associated data names, so the encrypted fields seal in pre_save exactly as a
single save() would. One CREATE audit event per object, as the actions write.
"""

from __future__ import annotations

import datetime
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from beistand.cases.choices import CaseKind, ConsentForm, ConsentPurpose, ProtectionLevel
from beistand.cases.models import (
    Accompaniment,
    Case,
    CasePerson,
    Consent,
    CounsellingSession,
    Deadline,
    Incident,
    Person,
    Referral,
)
from beistand.cases.retention import closed_cases
from beistand.contact.actions.public import submission_digest
from beistand.contact.models import Author, Conversation, Message, new_reference
from beistand.contact.models import Status as ConversationStatus
from beistand.contact.sealing import seal_payload
from beistand.demo.synthetic.bulk import (
    insert_creation_events,
    insert_rows,
    new_data_keys,
    reference,
    reserve_reference_numbers,
)
from beistand.demo.synthetic.centres import CentreContext
from beistand.demo.synthetic.plan import CasePlan, IncidentPlan, PersonPlan
from beistand.keys.models import CentreKeyPair, Purpose
from beistand.lib import hpke

CONSENT_TEXT_VERSION = "2024-1"


def at_nine(day: datetime.date) -> datetime.datetime:
    """A plausible moment of a working day, for created_at and the like."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


class BatchWriter:
    """Writes batches of plans for one centre; counts what it made."""

    def __init__(self, context: CentreContext) -> None:
        self.context = context
        self.centre = context.centre
        self.counts: Counter[str] = Counter()
        self._deletion_dates: dict[int, datetime.date] = {}
        self._pair: CentreKeyPair | None = None

    def write(self, plans: Sequence[CasePlan]) -> None:
        with transaction.atomic():
            keys = new_data_keys(self.centre, {
                Purpose.CASE: len(plans),
                Purpose.PERSON: sum(len(plan.persons) for plan in plans),
                Purpose.INCIDENT: sum(len(plan.incidents) for plan in plans),
                Purpose.CONVERSATION: sum(plan.conversation is not None for plan in plans),
            })
            cases = self._cases(plans, keys[Purpose.CASE])
            links = self._persons(plans, cases, keys[Purpose.PERSON])
            self._incidents(plans, cases, keys[Purpose.INCIDENT])
            self._sessions(plans, cases, links)
            self._accompaniments(plans, cases)
            consents = self._consents(plans, cases, links)
            self._referrals(plans, cases, links, consents)
            self._deadlines(plans, cases)
            self._conversations(plans, cases, keys[Purpose.CONVERSATION])

    # --- helpers --------------------------------------------------------------------

    def _insert(self, model: type[models.Model], rows: list[Any]) -> list[Any]:
        """bulk_create (which seals the encrypted fields in pre_save) and the CREATE events."""
        model._default_manager.bulk_create(rows)
        self.counts[model._meta.label] += len(rows)
        self.counts["audit.AuditEvent"] += insert_creation_events(rows, self.centre)
        return rows

    def _link(self, through: Any, pairs: Iterable[tuple[int, int]], left: str, right: str) -> None:
        insert_rows(through, ({left: first, right: second} for first, second in pairs))

    def _counsellor(self, index: int) -> Any:
        return self.context.counsellors[index]

    def _deletion_due(self, closed_on: datetime.date) -> datetime.date:
        # The date closing sets (cases/retention.py), looked up once per year of closing.
        if closed_on.year not in self._deletion_dates:
            self._deletion_dates[closed_on.year] = closed_cases.deletion_date(self.centre, closed_on)
        return self._deletion_dates[closed_on.year]

    # --- cases ----------------------------------------------------------------------

    def _cases(self, plans: Sequence[CasePlan], keys: list[Any]) -> list[Case]:
        numbers = self._reference_numbers(plans)
        cases = [self._case(plan, key, number) for plan, key, number in zip(plans, keys, numbers, strict=True)]
        self._insert(Case, cases)
        self._link(
            Case.assigned.through,
            ((case.pk, self._counsellor(index).pk) for case, plan in zip(cases, plans, strict=True)
             for index in plan.counsellors),
            "case_id", "user_id",
        )
        return cases

    def _reference_numbers(self, plans: Sequence[CasePlan]) -> list[str]:
        """References in order of opening, numbered on from the centre's counter per year."""
        years = Counter(plan.opened_on.year for plan in plans)
        ranges = {year: iter(reserve_reference_numbers(self.centre, year, count)) for year, count in sorted(years.items())}
        return [reference(self.centre, plan.opened_on.year, next(ranges[plan.opened_on.year])) for plan in plans]

    def _case(self, plan: CasePlan, key: Any, case_reference: str) -> Case:
        closed = plan.closed_on
        return Case(
            centre=self.centre, data_key=key, reference=case_reference, kind=plan.kind, status=plan.status,
            access_channel=plan.access_channel, received_on=plan.opened_on, opened_on=plan.opened_on,
            closed_on=closed, urgent=plan.urgent, district_id=plan.district_id,
            # Exit cases are always of high protection, as create_case makes them.
            protection_level=ProtectionLevel.HIGH if plan.kind == CaseKind.EXIT else ProtectionLevel.NORMAL,
            title=plan.title, needs=plan.needs, risk_level=plan.risk_level, safety_plan=plan.safety_plan,
            children_in_household=plan.children_in_household, removal_order_ends_on=plan.removal_order_ends_on,
            closure_reason=plan.closure_reason, closure_outcome=plan.closure_outcome,
            deletion_due_on=self._deletion_due(closed) if closed else None,
            last_contact_on=plan.last_contact_on,
            created_at=at_nine(plan.opened_on), updated_at=at_nine(plan.last_contact_on or plan.opened_on),
        )

    # --- persons --------------------------------------------------------------------

    def _persons(self, plans: Sequence[CasePlan], cases: list[Case], keys: list[Any]) -> list[list[CasePerson]]:
        flat = [(case, plan, person) for case, plan in zip(cases, plans, strict=True) for person in plan.persons]
        persons = [self._person(person, key, plan) for (_, plan, person), key in zip(flat, keys, strict=True)]
        self._insert(Person, persons)
        links = [
            CasePerson(case=case, person=person, role=planned.role, added_on=plan.opened_on)
            for (case, plan, planned), person in zip(flat, persons, strict=True)
        ]
        self._insert(CasePerson, links)
        by_case: dict[int, list[CasePerson]] = {}
        for link in links:
            by_case.setdefault(link.case.pk, []).append(link)
        return [by_case[case.pk] for case in cases]

    def _person(self, planned: PersonPlan, key: Any, plan: CasePlan) -> Person:
        return Person(
            centre=self.centre, data_key=key, pseudonym=planned.pseudonym, name=planned.name,
            contact=planned.contact, safe_contact=planned.safe_contact, languages=planned.languages,
            interpreter_needed=planned.interpreter_needed, age_band=planned.age_band, gender=planned.gender,
            created_at=at_nine(plan.opened_on), updated_at=at_nine(plan.opened_on),
        )

    # --- incidents ------------------------------------------------------------------

    def _incidents(self, plans: Sequence[CasePlan], cases: list[Case], keys: list[Any]) -> None:
        flat = [(index, planned) for index, plan in enumerate(plans) for planned in plan.incidents]
        incidents = [self._incident(planned, key) for (_, planned), key in zip(flat, keys, strict=True)]
        self._insert(Incident, incidents)
        case_links, motive_links, ground_links = [], [], []
        codes = self.context.codes
        for (index, planned), incident in zip(flat, incidents, strict=True):
            case_links.append((incident.pk, cases[index].pk))
            if planned.shared_with_next and index + 1 < len(cases):
                case_links.append((incident.pk, cases[index + 1].pk))
            motive_links += [(incident.pk, codes["motive"][code].pk) for code in planned.motives]
            ground_links += [(incident.pk, codes["discrimination_ground"][code].pk) for code in planned.grounds]
        self._link(Incident.cases.through, case_links, "incident_id", "case_id")
        self._link(Incident.motives.through, motive_links, "incident_id", "code_id")
        self._link(Incident.discrimination_grounds.through, ground_links, "incident_id", "code_id")

    def _incident(self, planned: IncidentPlan, key: Any) -> Incident:
        codes = self.context.codes

        def code(scheme: str, value: str | None) -> Any:
            return codes[scheme][value] if value else None

        return Incident(
            centre=self.centre, data_key=key, occurred_on=planned.occurred_on,
            date_precision=planned.date_precision, district_id=planned.district_id,
            municipality_id=planned.municipality_id, exact_place=planned.exact_place,
            offence=code("offence", planned.offence), rias_type=code("rias_type", planned.rias_type),
            rias_background=code("rias_background", planned.rias_background),
            life_area=code("life_area", planned.life_area), perpetrator_count=planned.perpetrator_count,
            perpetrator_relation=planned.perpetrator_relation,
            perpetrators_organised=planned.perpetrators_organised,
            reported_to_police=planned.reported_to_police, source=planned.source,
            verification=planned.verification, counting_rule=planned.counting_rule,
            affected_count=planned.affected_count, minors_count=planned.minors_count,
            description=planned.description,
            created_at=at_nine(planned.occurred_on), updated_at=at_nine(planned.occurred_on),
        )

    # --- records inside the case (sealed with the case's key) -------------------------------

    def _sessions(self, plans: Sequence[CasePlan], cases: list[Case], links: list[list[CasePerson]]) -> None:
        rows, participants = [], []
        for case, plan, case_links in zip(cases, plans, links, strict=True):
            for planned in plan.sessions:
                rows.append(CounsellingSession(
                    case=case, data_key=case.data_key, held_on=planned.held_on,
                    duration_minutes=planned.duration_minutes, mode=planned.mode, language=planned.language,
                    interpreter_used=planned.interpreter_used, counsellor=self._counsellor(planned.counsellor),
                    note=planned.note, created_at=at_nine(planned.held_on), updated_at=at_nine(planned.held_on),
                ))
                participants.append([case_links[index] for index in planned.participants])
        self._insert(CounsellingSession, rows)
        self._link(
            CounsellingSession.participants.through,
            ((session.pk, link.pk) for session, people in zip(rows, participants, strict=True) for link in people),
            "counsellingsession_id", "caseperson_id",
        )

    def _accompaniments(self, plans: Sequence[CasePlan], cases: list[Case]) -> None:
        rows = [
            Accompaniment(
                case=case, data_key=case.data_key, kind=planned.kind, held_on=planned.held_on,
                travel_cost=planned.travel_cost, interpreter_cost=planned.interpreter_cost,
                counsellor=self._counsellor(planned.counsellor), note=planned.note,
                created_at=at_nine(planned.held_on), updated_at=at_nine(planned.held_on),
            )
            for case, plan in zip(cases, plans, strict=True) for planned in plan.accompaniments
        ]
        self._insert(Accompaniment, rows)

    def _consents(
        self, plans: Sequence[CasePlan], cases: list[Case], links: list[list[CasePerson]]
    ) -> dict[tuple[int, str], Consent]:
        """Every consent statement; returns the sharing consents by (case person, partner)."""
        rows: list[Consent] = []
        for case, plan, case_links in zip(cases, plans, links, strict=True):
            recorder = self._counsellor(plan.counsellors[0])
            for link, planned in zip(case_links, plan.persons, strict=True):
                rows += [
                    Consent(
                        case=case, data_key=case.data_key, person=link, purpose=purpose, partner=partner,
                        given=given, stated_at=at_nine(plan.opened_on),
                        form=ConsentForm.WRITTEN if purpose == ConsentPurpose.SHARE else ConsentForm.SPOKEN,
                        language=planned.languages[0], text_version=CONSENT_TEXT_VERSION, recorded_by=recorder,
                        created_at=at_nine(plan.opened_on), updated_at=at_nine(plan.opened_on),
                    )
                    for purpose, given, partner in planned.consents
                ]
        self._insert(Consent, rows)
        return {
            (row.person.pk, row.partner): row for row in rows
            if row.purpose == ConsentPurpose.SHARE and row.partner is not None
        }

    def _referrals(
        self, plans: Sequence[CasePlan], cases: list[Case], links: list[list[CasePerson]],
        consents: dict[tuple[int, str], Consent],
    ) -> None:
        rows = []
        for case, plan, case_links in zip(cases, plans, links, strict=True):
            for planned in plan.referrals:
                link = case_links[planned.person]
                rows.append(Referral(
                    case=case, data_key=case.data_key, referred_on=planned.referred_on, purpose=planned.purpose,
                    partner=planned.partner, person=link, shares_data=planned.shares_data,
                    # Sharing relies on the person's consent to exactly this partner.
                    consent=consents.get((link.pk, planned.partner)) if planned.shares_data else None,
                    outcome=planned.outcome,
                    created_at=at_nine(planned.referred_on), updated_at=at_nine(planned.referred_on),
                ))
        self._insert(Referral, rows)

    def _deadlines(self, plans: Sequence[CasePlan], cases: list[Case]) -> None:
        rows = [
            Deadline(
                case=case, data_key=case.data_key, kind=planned.kind, event_on=planned.event_on,
                due_on=planned.due_on, title=planned.title, assigned_to=self._counsellor(planned.counsellor),
                done_at=at_nine(planned.done_on) if planned.done_on else None,
                created_at=at_nine(plan.opened_on), updated_at=at_nine(plan.opened_on),
            )
            for case, plan in zip(cases, plans, strict=True) for planned in plan.deadlines
        ]
        self._insert(Deadline, rows)

    # --- anonymous conversations (the contact app), sealed as the public pages seal them --------

    def _conversations(self, plans: Sequence[CasePlan], cases: list[Case], keys: list[Any]) -> None:
        """Each online case's conversation and its messages: HPKE to the centre and to the person.

        The person's reply key is a fresh X25519 key whose private half is thrown
        away — as unknown to anybody as a real person's passphrase — so no
        Argon2id derivation is spent on passphrases nobody will type.
        """
        planned = [(case, plan) for case, plan in zip(cases, plans, strict=True) if plan.conversation]
        conversations = [
            self._conversation(case, plan, key) for (case, plan), key in zip(planned, keys, strict=True)
        ]
        self._insert(Conversation, conversations)
        pair = self._key_pair()
        messages = [
            self._message(conversation, pair, from_person, text, day, plan)
            for conversation, (_case, plan) in zip(conversations, planned, strict=True)
            for from_person, text, day in plan.conversation.messages  # type: ignore[union-attr]
        ]
        self._insert(Message, messages)

    def _key_pair(self) -> CentreKeyPair:
        if self._pair is None:
            self._pair = CentreKeyPair.current_for(self.centre)
        return self._pair

    def _conversation(self, case: Case, plan: CasePlan, key: Any) -> Conversation:
        talk = plan.conversation
        assert talk is not None  # noqa: S101 -- only planned conversations come here
        _private, reply_public = hpke.generate_keypair()
        last_from_person, _text, last_day = talk.messages[-1]
        return Conversation(
            centre=self.centre, data_key=key, reference=new_reference(), lookup_id=secrets.token_hex(32),
            # As the public form's one-time token gives it; the token itself is never kept.
            submission_digest=submission_digest(secrets.token_hex(16)), reply_public_key=reply_public, language=talk.language, case=case,
            status=ConversationStatus.CLOSED if talk.closed else ConversationStatus.OPEN,
            assigned_to=self._counsellor(plan.counsellors[0]),
            last_author=Author.PERSON if last_from_person else Author.CENTRE,
            last_activity_at=at_nine(last_day), created_at=at_nine(plan.opened_on), updated_at=at_nine(last_day),
        )

    def _message(
        self, conversation: Conversation, pair: CentreKeyPair, from_person: bool, text: str,
        day: datetime.date, plan: CasePlan,
    ) -> Message:
        # The person sees the centre's name, never the counsellor's (as contact.actions.inbox.reply).
        payload = {"text": text} if from_person else {"text": text, "centre": self.centre.name}
        context = conversation.context
        return Message(
            conversation=conversation, data_key=conversation.data_key, key_pair=pair,
            author=Author.PERSON if from_person else Author.CENTRE,
            sent_by=None if from_person else self._counsellor(plan.counsellors[0]),
            for_centre=seal_payload(pair.public_key, payload, context),
            for_person=seal_payload(conversation.reply_public_key, payload, context),
            created_at=at_nine(day),
        )
