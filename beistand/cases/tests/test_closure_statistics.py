"""The anonymised statistics record of a closed case: what it counts, and that nothing in it
leads back to the case or its people."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone

from beistand.cases.actions import closure as actions
from beistand.cases.choices import ClosureOutcome, ClosureReason, ConsentPurpose, VerificationStatus
from beistand.cases.models import Case, Incident, StatisticsIncident, StatisticsRecord
from beistand.cases.statistics import statistics_refused
from beistand.cases.tests.test_closure_fixtures import (
    FullCase,
    build_full_case,
    consent,
    private_media,  # noqa: F401 -- a fixture
)

pytestmark = pytest.mark.django_db


def close(case: Case, user) -> actions.Closure:
    return actions.close_case(
        user, case, reason=ClosureReason.REFERRED, outcome=ClosureOutcome.PARTLY,
        closed_on=timezone.localdate(), expected_version=None,
    )


@pytest.fixture
def full(backup, alice) -> FullCase:
    return build_full_case(backup, assigned=[alice], opened_on=datetime.date(2025, 11, 3))


def test_the_record_counts_the_case_without_content(full, alice):
    closure = close(full.case, alice)
    record = closure.statistics
    assert closure.outcome == actions.StatisticsOutcome.RECORDED and record is not None
    assert (record.year, record.opened_year) == (timezone.localdate().year, 2025)
    assert (record.kind, record.access_channel, record.district_ags) == ("victim", "self", "05913")
    assert (record.closure_reason, record.closure_outcome) == ("referred", "partly")
    assert record.persons_by_role == {"affected": 1, "witness": 1}
    assert record.persons_by_age == {"adult": 1, "youth": 1}
    assert record.persons_by_gender == {"female": 1, "male": 1}
    assert (record.sessions, record.outreach_sessions, record.accompaniments, record.referrals) == (2, 1, 1, 1)
    incident = record.incidents.get()
    assert (incident.year, incident.district_ags, incident.counting_rule) == (2025, "05913", "vbrg-2023")
    assert incident.codes == ["motive:v1:racism", "offence:v1:dangerous_bodily_harm"]
    assert (incident.affected_count, incident.minors_count) == (2, 1)
    assert (incident.verification, incident.reported_to_police) == ("verified", "unknown")


def test_nothing_in_the_record_leads_back_to_the_case(full, alice):
    record = close(full.case, alice).statistics
    stored = json.dumps([model_to_dict(record), *(model_to_dict(row) for row in record.incidents.all())],
                        default=str)
    identifying = [full.case.reference, str(full.case.public_id), str(full.incident.public_id),
                   str(full.affected.public_id), *full.markers.values()]
    assert not [value for value in identifying if value in stored]


@pytest.mark.parametrize("model", [StatisticsRecord, StatisticsIncident])
def test_the_statistics_models_have_no_column_that_could_link_or_carry_text(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.UUIDField | models.TextField), field.name
        if field.is_relation:
            assert field.related_model._meta.label in {"network.Centre", "cases.StatisticsRecord"}, field.name


def test_an_incident_of_two_cases_is_counted_once(full, backup, alice):
    second = build_full_case(backup, assigned=[alice])
    full.incident.cases.add(second.case)
    version = full.incident.version
    close(full.case, alice)
    close(second.case, alice)
    assert StatisticsRecord.objects.count() == 2
    assert StatisticsIncident.objects.count() == 2  # full's incident once, second's own once
    incident = Incident.objects.get(pk=full.incident.pk)
    # The version moves on, so an incident form loaded before cannot save the flag back.
    assert incident.counted_in_statistics and incident.version == version + 1


def test_a_rejected_incident_is_not_counted(full, alice):
    Incident.objects.filter(pk=full.incident.pk).update(verification=VerificationStatus.REJECTED)
    record = close(full.case, alice).statistics
    assert record is not None and not record.incidents.exists()
    assert not Incident.objects.get(pk=full.incident.pk).counted_in_statistics


def test_a_withdrawn_statistics_consent_of_the_affected_person_stops_the_record(full, alice):
    consent(full.case, full.affected, ConsentPurpose.STATISTICS, given=False)
    closure = close(full.case, alice)
    assert closure.outcome == actions.StatisticsOutcome.CONSENT_WITHDRAWN
    assert not StatisticsRecord.objects.exists()
    assert not Incident.objects.get(pk=full.incident.pk).counted_in_statistics


def test_only_the_newest_statement_counts(full):
    earlier = timezone.now() - datetime.timedelta(days=3)
    consent(full.case, full.affected, ConsentPurpose.STATISTICS, given=False, stated_at=earlier)
    assert not statistics_refused(full.case)  # given again later (the fixture's statement is newer)
    consent(full.case, full.affected, ConsentPurpose.STATISTICS, given=False)
    assert statistics_refused(full.case)


def test_a_witness_withdrawing_does_not_stop_the_record(full):
    consent(full.case, full.witness, ConsentPurpose.STATISTICS, given=False)
    assert not statistics_refused(full.case)
