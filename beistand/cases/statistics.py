"""The anonymised statistics record that closing a case produces.

What goes in: the year (opened, closed), the kind of counselling, the access
channel, the Kreis (AGS), reason and outcome of closing, the persons counted by
age band, gender and role, counts of sessions, outreach, accompaniments and
referrals; per incident not counted before: its year, Kreis, counting rule,
codes as "scheme:v<version>:<code>", police report, verification and counts.
What stays out: free text, dates finer than the year, and anything that leads
back to the case (no foreign key, public id, reference or timestamp), so the
record is kept when the case is deleted.

A directly affected person who withdrew the consent to statistics stops the
record: nothing of the case is counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, F, Q

from beistand.cases.choices import ConsentPurpose, PersonRole, SessionMode, VerificationStatus
from beistand.cases.models import (
    Case,
    CasePerson,
    Code,
    Consent,
    Incident,
    StatisticsIncident,
    StatisticsRecord,
)


def statistics_refused(case: Case) -> bool:
    """Whether a directly affected person's newest statement on statistics is a withdrawal."""
    statements = (
        Consent.objects.filter(
            case=case, purpose=ConsentPurpose.STATISTICS, person__role=PersonRole.DIRECTLY_AFFECTED
        )
        .order_by("person_id", "-stated_at", "-pk")
        .values_list("person_id", "given")
    )
    newest: dict[int, bool] = {}
    for person_id, given in statements:
        newest.setdefault(person_id, given)
    return any(given is False for given in newest.values())


def derive_record(case: Case) -> StatisticsRecord:
    """Writes the record of a closed case and of its incidents not counted before."""
    record = StatisticsRecord.objects.create(
        centre_id=case.centre_id,
        year=case.closed_on.year if case.closed_on else case.opened_on.year,
        opened_year=case.opened_on.year,
        kind=case.kind,
        access_channel=case.access_channel,
        district_ags=case.district.ags if case.district_id and case.district else "",
        closure_reason=case.closure_reason,
        closure_outcome=case.closure_outcome,
        **_person_counts(case),
        **_work_counts(case),
    )
    _count_incidents(case, record)
    return record


def _person_counts(case: Case) -> dict[str, dict[str, int]]:
    # Values only: the persons' encrypted fields are never loaded.
    rows = CasePerson.objects.filter(case=case).values_list("role", "person__age_band", "person__gender")
    by_role, by_age, by_gender = Counter[str](), Counter[str](), Counter[str]()
    for role, age_band, gender in rows:
        by_role[role] += 1
        by_age[age_band] += 1
        by_gender[gender] += 1
    return {
        "persons_by_role": dict(sorted(by_role.items())),
        "persons_by_age": dict(sorted(by_age.items())),
        "persons_by_gender": dict(sorted(by_gender.items())),
    }


def _work_counts(case: Case) -> dict[str, int]:
    sessions = case.sessions.aggregate(
        all=Count("pk"), outreach=Count("pk", filter=Q(mode__in=SessionMode.outreach()))
    )
    return {
        "sessions": sessions["all"],
        "outreach_sessions": sessions["outreach"],
        "accompaniments": case.accompaniments.count(),
        "referrals": case.referrals.count(),
    }


def _count_incidents(case: Case, record: StatisticsRecord) -> None:
    # Rejected incidents do not count; they stay uncounted in case their verification changes.
    incidents = list(
        case.incidents.filter(counted_in_statistics=False)
        .exclude(verification=VerificationStatus.REJECTED)
        .select_related(
            "district", "municipality__district", "offence__code_list", "rias_type__code_list",
            "rias_background__code_list", "life_area__code_list",
        )
        .prefetch_related("motives__code_list", "discrimination_grounds__code_list")
    )
    StatisticsIncident.objects.bulk_create(_anonymised(incident, record) for incident in incidents)
    # Counting up the version makes a form loaded before this stale, so its save
    # cannot put the flag back.
    Incident.objects.filter(pk__in=[incident.pk for incident in incidents]).update(
        counted_in_statistics=True, version=F("version") + 1
    )


def _anonymised(incident: Incident, record: StatisticsRecord) -> StatisticsIncident:
    return StatisticsIncident(
        record=record,
        year=incident.occurred_on.year,
        district_ags=_district_ags(incident),
        counting_rule=incident.counting_rule,
        codes=sorted(code_text(code) for code in _codes(incident)),
        reported_to_police=incident.reported_to_police,
        verification=incident.verification,
        affected_count=incident.affected_count,
        minors_count=incident.minors_count,
    )


def _district_ags(incident: Incident) -> str:
    if incident.district is not None:
        return incident.district.ags
    if incident.municipality is not None:
        return incident.municipality.district.ags
    return ""


def _codes(incident: Incident) -> Iterable[Code]:
    single = (incident.offence, incident.rias_type, incident.rias_background, incident.life_area)
    yield from (code for code in single if code is not None)
    yield from incident.motives.all()
    yield from incident.discrimination_grounds.all()


def code_text(code: Code) -> str:
    """A code with the list version it belongs to, e.g. "motive:v1:racism"."""
    return f"{code.code_list.scheme}:v{code.code_list.version}:{code.code}"
