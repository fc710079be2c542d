"""What one synthetic case holds, decided by the random generator before anything is written.

Planning is pure: it draws from `rng` only, in a fixed order, so one seed
gives the same cases. Writing (write.py) turns plans into rows. Indices name
other parts of the same plan: `counsellor` an entry of the centre's
counsellor list, `person` an entry of the case's persons.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beistand.cases.choices import (
    AccessChannel,
    AgeBand,
    CaseKind,
    CaseStatus,
    ConsentPurpose,
    DatePrecision,
    DeadlineKind,
    PersonRole,
    RiskLevel,
)
from beistand.cases.deadlines import due_date, removal_order_deployment
from beistand.cases.models.incidents import CURRENT_COUNTING_RULE
from beistand.demo.synthetic import distributions as dist
from beistand.demo.synthetic import texts
from beistand.demo.synthetic.centres import CentreContext

# Cases are opened over this many days before today.
HISTORY_DAYS = 4 * 365
RECENT_DAYS = 270
# The counting rule changed in 2022/23 (domain.md): older incidents keep the old one.
NEW_RULE_FROM = datetime.date(2023, 1, 1)


@dataclass
class PersonPlan:
    role: str
    pseudonym: str
    age_band: str
    gender: str
    languages: list[str]
    interpreter_needed: bool
    name: str | None = None
    contact: dict[str, Any] | None = None
    safe_contact: dict[str, Any] | None = None
    # (purpose, given, partner) statements, in order.
    consents: list[tuple[str, bool, str | None]] = field(default_factory=list)


@dataclass
class IncidentPlan:
    occurred_on: datetime.date
    date_precision: str
    district_id: int | None
    municipality_id: int | None
    exact_place: str
    motives: list[str]
    offence: str | None
    rias_type: str | None
    rias_background: str | None
    grounds: list[str]
    life_area: str | None
    perpetrator_count: int | None
    perpetrator_relation: str
    perpetrators_organised: str
    reported_to_police: str
    source: str
    verification: str
    counting_rule: str
    affected_count: int
    minors_count: int
    description: str
    # Also recorded in the next case of the batch (the same attack, another affected person).
    shared_with_next: bool = False


@dataclass
class SessionPlan:
    held_on: datetime.date
    duration_minutes: int
    mode: str
    language: str
    interpreter_used: bool
    counsellor: int
    note: str
    participants: list[int]


@dataclass
class AccompanimentPlan:
    kind: str
    held_on: datetime.date
    travel_cost: Decimal
    interpreter_cost: Decimal
    counsellor: int
    note: str


@dataclass
class ReferralPlan:
    referred_on: datetime.date
    purpose: str
    partner: str
    person: int
    shares_data: bool
    outcome: str


@dataclass
class DeadlinePlan:
    kind: str
    event_on: datetime.date | None
    due_on: datetime.date
    title: str
    counsellor: int
    done_on: datetime.date | None


@dataclass
class ConversationPlan:
    """An anonymous conversation the case came from: (from the person?, text, day) in order."""

    language: str
    messages: list[tuple[bool, str, datetime.date]]
    closed: bool


@dataclass
class CasePlan:
    kind: str
    status: str
    access_channel: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    counsellors: list[int]
    district_id: int | None
    title: str
    needs: str
    urgent: bool
    risk_level: str
    safety_plan: str | None
    children_in_household: bool
    removal_order_ends_on: datetime.date | None
    closure_reason: str = ""
    closure_outcome: str = ""
    last_contact_on: datetime.date | None = None
    persons: list[PersonPlan] = field(default_factory=list)
    incidents: list[IncidentPlan] = field(default_factory=list)
    sessions: list[SessionPlan] = field(default_factory=list)
    accompaniments: list[AccompanimentPlan] = field(default_factory=list)
    referrals: list[ReferralPlan] = field(default_factory=list)
    deadlines: list[DeadlinePlan] = field(default_factory=list)
    conversation: ConversationPlan | None = None


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Planner:
    """Draws case plans for one centre."""

    def __init__(self, rng: random.Random, context: CentreContext, today: datetime.date) -> None:
        self.rng, self.context, self.today = rng, context, today
        # Closed cases stay until their deletion date: none here is due already.
        self.earliest_closing = datetime.date(today.year - 3, 1, 1)

    def opening_dates(self, count: int) -> list[datetime.date]:
        """When `count` cases were opened, oldest first (more of them recently: the work grows)."""
        days_ago = (int(self.rng.triangular(0, HISTORY_DAYS, 0)) for _ in range(count))
        return sorted(self.today - datetime.timedelta(days=days) for days in days_ago)

    def case(self, opened_on: datetime.date) -> CasePlan:
        rng = self.rng
        kind = weighted(rng, self.context.kinds)
        status = self._status(opened_on)
        plan = CasePlan(
            kind=kind, status=status, access_channel=weighted(rng, dist.ACCESS_CHANNELS[kind]),
            opened_on=opened_on, closed_on=self._closed_on(opened_on) if status == CaseStatus.CLOSED else None,
            counsellors=self._counsellors(kind), district_id=self._district(),
            title=texts.pick(rng, texts.TITLES[kind]), needs=texts.pick(rng, texts.NEEDS),
            urgent=rng.random() < 0.05, risk_level=RiskLevel.UNKNOWN, safety_plan=None,
            children_in_household=False, removal_order_ends_on=None,
        )
        self._safety(plan)
        if plan.closed_on:
            plan.closure_reason = weighted(rng, dist.CLOSURE_REASONS)
            plan.closure_outcome = weighted(rng, dist.CLOSURE_OUTCOMES)
        plan.persons = self._persons(plan)
        if kind in dist.KINDS_WITH_INCIDENTS:
            plan.incidents = [self._incident(plan) for _ in range(1 if rng.random() < 0.9 else 2)]
        self._work(plan)
        if plan.access_channel == AccessChannel.ONLINE:
            plan.conversation = self._conversation(plan)
        return plan

    # --- the case -------------------------------------------------------------------

    def _status(self, opened_on: datetime.date) -> str:
        recent = (self.today - opened_on).days < RECENT_DAYS
        return weighted(self.rng, dist.STATUS_RECENT if recent else dist.STATUS_OLDER)

    def _closed_on(self, opened_on: datetime.date) -> datetime.date:
        length = datetime.timedelta(days=int(self.rng.expovariate(1 / 120)))
        return max(min(opened_on + length, self.today), opened_on, self.earliest_closing)

    def _counsellors(self, kind: str) -> list[int]:
        # Exit cases need a second counsellor (four-eyes); some others have one too.
        count = len(self.context.counsellors)
        wanted = 2 if kind == CaseKind.EXIT or self.rng.random() < 0.1 else 1
        return self.rng.sample(range(count), min(wanted, count))

    def _district(self) -> int | None:
        if not self.context.district_ids:  # no region data loaded: cases without a Kreis
            return None
        return self.rng.choices(self.context.district_ids, weights=self.context.district_weights)[0]

    def _safety(self, plan: CasePlan) -> None:
        rng = self.rng
        if plan.kind in (CaseKind.DOMESTIC_VIOLENCE, CaseKind.DOMESTIC_VIOLENCE_PROACTIVE, CaseKind.EXIT):
            plan.risk_level = weighted(rng, {"low": 30, "medium": 45, "high": 25})
            plan.safety_plan = texts.pick(rng, texts.SAFETY_PLANS)
            plan.children_in_household = plan.kind != CaseKind.EXIT and rng.random() < 0.5
        if plan.kind == CaseKind.DOMESTIC_VIOLENCE_PROACTIVE:
            deployment = plan.opened_on - datetime.timedelta(days=rng.randint(0, 3))
            plan.removal_order_ends_on = due_date(DeadlineKind.REMOVAL_ORDER_END, deployment)

    # --- persons --------------------------------------------------------------------

    def _persons(self, plan: CasePlan) -> list[PersonPlan]:
        rng = self.rng
        role = PersonRole.CLIENT_ORGANISATION if plan.kind == CaseKind.MOBILE else PersonRole.DIRECTLY_AFFECTED
        persons = [self._person(plan, role)]
        if rng.random() < dist.SECOND_PERSON_SHARE:
            persons.append(self._person(plan, weighted(rng, dist.OTHER_ROLES)))
        return persons

    def _person(self, plan: CasePlan, role: str) -> PersonPlan:
        rng = self.rng
        first_language = weighted(rng, dist.LANGUAGES)
        languages = [first_language] if first_language == "de" or rng.random() < 0.4 else [first_language, "de"]
        domestic = plan.kind in (CaseKind.DOMESTIC_VIOLENCE, CaseKind.DOMESTIC_VIOLENCE_PROACTIVE)
        person = PersonPlan(
            role=role, pseudonym=texts.pseudonym(rng),
            age_band=AgeBand.UNKNOWN if role == PersonRole.CLIENT_ORGANISATION else weighted(rng, dist.AGE_BANDS),
            gender=weighted(rng, dist.DV_GENDERS if domestic else dist.GENDERS),
            languages=languages, interpreter_needed=first_language != "de" and len(languages) == 1,
        )
        if plan.kind == CaseKind.DOMESTIC_VIOLENCE_PROACTIVE and role == PersonRole.DIRECTLY_AFFECTED:
            # The police pass name and phone number on (with the person's consent).
            person.name = texts.invented_full_name(rng)
            person.contact = {"phone": texts.example_phone(rng)}
        if rng.random() < 0.2:
            person.safe_contact = {
                "times": texts.pick(rng, texts.CONTACT_TIMES), "channel": "phone",
                "no_voicemail": rng.random() < 0.5,
            }
        if role in (PersonRole.DIRECTLY_AFFECTED, PersonRole.CLIENT_ORGANISATION):
            person.consents.append((ConsentPurpose.STORE, True, None))
            person.consents.append((ConsentPurpose.STATISTICS, rng.random() < 0.8, None))
            if rng.random() < 0.3:
                person.consents.append((ConsentPurpose.CONTACT_PHONE, True, None))
        return person

    # --- incidents ------------------------------------------------------------------

    def _incident(self, plan: CasePlan) -> IncidentPlan:
        rng = self.rng
        occurred_on = plan.opened_on - datetime.timedelta(days=int(rng.expovariate(1 / 20)))
        district_id = plan.district_id if rng.random() < 0.85 else self._district()
        motives, offence, rias_type, rias_background, grounds, life_area = self._classification(plan.kind)
        minors = sum(p.age_band in (AgeBand.CHILD, AgeBand.YOUTH) for p in plan.persons
                     if p.role == PersonRole.DIRECTLY_AFFECTED)
        affected = max(1, sum(p.role == PersonRole.DIRECTLY_AFFECTED for p in plan.persons))
        return IncidentPlan(
            occurred_on=occurred_on,
            date_precision=weighted(rng, {DatePrecision.DAY: 90, DatePrecision.MONTH: 8, DatePrecision.YEAR: 2}),
            district_id=district_id,
            municipality_id=self.context.municipality_in(rng, district_id) if district_id else None,
            exact_place=texts.pick(rng, texts.PLACES), motives=motives, offence=offence,
            rias_type=rias_type, rias_background=rias_background, grounds=grounds, life_area=life_area,
            perpetrator_count=rng.choice((None, 1, 1, 1, 2, 2, 3, 4, 6)),
            perpetrator_relation=weighted(rng, dist.PERPETRATOR_RELATIONS),
            perpetrators_organised=weighted(rng, dist.ORGANISED),
            reported_to_police=weighted(rng, dist.REPORTED_TO_POLICE),
            source=weighted(rng, dist.INCIDENT_SOURCES), verification=weighted(rng, dist.VERIFICATIONS),
            counting_rule=CURRENT_COUNTING_RULE if occurred_on >= NEW_RULE_FROM else "vbrg-2018",
            affected_count=affected, minors_count=minors,
            description=texts.pick(rng, texts.DESCRIPTIONS),
            shared_with_next=rng.random() < dist.SHARED_INCIDENT_SHARE,
        )

    def _classification(self, kind: str) -> tuple[list[str], str | None, str | None, str | None, list[str], str | None]:
        rng = self.rng
        motives = [weighted(rng, dist.MOTIVES)]
        if rng.random() < dist.SECOND_MOTIVE_SHARE:
            second = weighted(rng, dist.MOTIVES)
            if second not in motives:
                motives.append(second)
        if "political_opponents" in motives and rng.random() < dist.JOURNALIST_SHARE:
            motives.append("journalists")
        rias_type = rias_background = None
        if "antisemitism" in motives:
            rias_type = weighted(rng, dist.RIAS_TYPES)
            rias_background = weighted(rng, dist.RIAS_BACKGROUNDS)
        if kind == CaseKind.FIRST_CONTACT:
            grounds = [weighted(rng, dist.DISCRIMINATION_GROUNDS)]
            return motives, None, rias_type, rias_background, grounds, weighted(rng, dist.LIFE_AREAS)
        return motives, weighted(rng, dist.OFFENCES), rias_type, rias_background, [], None

    # --- the work in the case -----------------------------------------------------------

    def _work(self, plan: CasePlan) -> None:
        rng = self.rng
        end = plan.closed_on or self.today
        plan.sessions = [self._session(plan, end) for _ in range(self._session_count(plan))]
        plan.sessions.sort(key=lambda session: session.held_on)
        if plan.sessions:
            plan.last_contact_on = plan.sessions[-1].held_on
        if plan.kind in (CaseKind.VICTIM_COUNSELLING, CaseKind.DOMESTIC_VIOLENCE_PROACTIVE) \
                and rng.random() < dist.ACCOMPANIMENT_SHARE:
            plan.accompaniments = [self._accompaniment(plan, end) for _ in range(rng.randint(1, 3))]
        if rng.random() < dist.REFERRAL_SHARE:
            plan.referrals = [self._referral(plan, end)]
        if rng.random() < dist.DEADLINE_SHARE:
            plan.deadlines = [self._deadline(plan)]

    def _conversation(self, plan: CasePlan) -> ConversationPlan:
        """Online cases began as an anonymous conversation, which goes on beside the case."""
        rng = self.rng
        end = plan.closed_on or self.today
        days = sorted(self._date_between(plan.opened_on, end) for _ in range(rng.randint(1, 5)))
        messages = [(True, texts.pick(rng, texts.PERSON_MESSAGES), plan.opened_on)]
        for number, day in enumerate(days):
            from_person = number % 2 == 1
            pool = texts.PERSON_MESSAGES if from_person else texts.CENTRE_REPLIES
            messages.append((from_person, texts.pick(rng, pool), day))
        return ConversationPlan(plan.persons[0].languages[0], messages, closed=plan.closed_on is not None)

    def _session_count(self, plan: CasePlan) -> int:
        if plan.status == CaseStatus.ENQUIRY:
            return self.rng.choice((0, 1))
        return max(1, round(self.rng.expovariate(1 / dist.MEAN_SESSIONS[plan.kind])))

    def _date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _session(self, plan: CasePlan, end: datetime.date) -> SessionPlan:
        rng = self.rng
        language = plan.persons[0].languages[0]
        return SessionPlan(
            held_on=self._date_between(plan.opened_on, end),
            duration_minutes=rng.choice((20, 30, 45, 60, 60, 90, 120)),
            mode=weighted(rng, dist.SESSION_MODES), language=language,
            interpreter_used=plan.persons[0].interpreter_needed,
            counsellor=rng.choice(plan.counsellors),
            note=texts.note(rng, plan.persons[0].pseudonym),
            participants=[0] if len(plan.persons) == 1 or rng.random() < 0.7 else [0, 1],
        )

    def _accompaniment(self, plan: CasePlan, end: datetime.date) -> AccompanimentPlan:
        rng = self.rng
        interpreter = plan.persons[0].interpreter_needed
        return AccompanimentPlan(
            kind=weighted(rng, dist.ACCOMPANIMENTS), held_on=self._date_between(plan.opened_on, end),
            travel_cost=Decimal(rng.randint(0, 6000)) / 100,
            interpreter_cost=Decimal(rng.randint(4000, 20000)) / 100 if interpreter else Decimal(0),
            counsellor=rng.choice(plan.counsellors), note=texts.note(rng, plan.persons[0].pseudonym, 100, 400),
        )

    def _referral(self, plan: CasePlan, end: datetime.date) -> ReferralPlan:
        rng = self.rng
        partner = texts.pick(rng, texts.PARTNERS)
        shares = rng.random() < 0.5
        if shares:
            plan.persons[0].consents.append((ConsentPurpose.SHARE, True, partner))
        return ReferralPlan(
            referred_on=self._date_between(plan.opened_on, end), purpose=weighted(rng, dist.REFERRAL_PURPOSES),
            partner=partner, person=0, shares_data=shares, outcome=weighted(rng, dist.REFERRAL_OUTCOMES),
        )

    def _deadline(self, plan: CasePlan) -> DeadlinePlan:
        rng = self.rng
        event: datetime.date | None
        if plan.incidents:
            agg = plan.kind == CaseKind.FIRST_CONTACT
            kind = DeadlineKind.AGG_CLAIM if agg else DeadlineKind.CRIMINAL_COMPLAINT
            event = plan.incidents[0].occurred_on
        elif plan.removal_order_ends_on:
            kind, event = DeadlineKind.REMOVAL_ORDER_END, removal_order_deployment(plan.removal_order_ends_on)
        else:
            kind, event = DeadlineKind.TASK, None
        # The law's dates come from the workspace's own rules (cases/deadlines.py).
        due = due_date(kind, event) if event else self._date_between(plan.opened_on, plan.opened_on + datetime.timedelta(days=60))
        return DeadlinePlan(
            kind=kind, event_on=event, due_on=due, title=texts.pick(rng, texts.TASKS),
            counsellor=rng.choice(plan.counsellors), done_on=self._done_on(plan, due),
        )

    def _done_on(self, plan: CasePlan, due: datetime.date) -> datetime.date | None:
        """Deadlines of closed cases and those long past are done (never in the future)."""
        if plan.closed_on is None and due >= self.today - datetime.timedelta(days=14):
            return None
        return min(due, plan.closed_on or self.today)
