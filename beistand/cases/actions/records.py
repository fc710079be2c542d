"""Saving the records of a case: incidents, sessions, accompaniments, court proceedings, referrals.

Each function takes the acting user and a validated form, saves in one
transaction with the version check of optimistic locking (StaleEdit: nothing
is written), and records one audit event with the names of the changed fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases import consents
from beistand.cases.choices import ConsentPurpose
from beistand.cases.models import Case, CounsellingSession, Incident
from beistand.keys.models import DataKey, Purpose

if TYPE_CHECKING:
    from django.db.models import Model
    from django.forms import BaseInlineFormSet

    from beistand.accounts.models import User
    from beistand.cases.forms.incidents import IncidentForm
    from beistand.cases.forms.work import CaseRecordForm, ReferralForm
    from beistand.cases.models import CourtProceeding, Referral


def _audit(actor: User, case: Case, obj: Model, creating: bool, fields: list[str]) -> None:
    """One event per save; an unchanged record saved again leaves none."""
    if creating or fields:
        record(Action.CREATE if creating else Action.CHANGE, obj=obj, centre_id=case.centre.public_id,
               fields=fields, user=actor)


def current_version(obj: Any) -> int | None:
    """The version stored now (after a StaleEdit): the form takes it for a deliberate second save."""
    return type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()


@transaction.atomic
def save_case_record(actor: User, case: Case, form: CaseRecordForm) -> Any:
    """A session, accompaniment, proceeding or referral: created in the case, or changed if unchanged since loading."""
    creating = form.instance.pk is None
    obj = form.save(commit=False)
    obj.case, obj.data_key = case, case.data_key  # the case's key, unwrapped once
    obj.save_checked(form.expected_version())
    form.save_m2m()
    _audit(actor, case, obj, creating, form.changed_fields())
    return obj


@transaction.atomic
def save_session(actor: User, case: Case, form: CaseRecordForm) -> CounsellingSession:
    session = save_case_record(actor, case, form)
    note_contact(case)
    return session


def note_contact(case: Case) -> None:
    """The case's last contact moves forward to its newest session; it never moves back,
    because other contacts (messages) count too."""
    newest = CounsellingSession.objects.filter(case=case).aggregate(newest=Max("held_on"))["newest"]
    if newest is None:
        return
    Case.objects.filter(pk=case.pk).filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=newest)
    ).update(last_contact_on=newest)
    if case.last_contact_on is None or case.last_contact_on < newest:
        case.last_contact_on = newest


@transaction.atomic
def save_proceeding(actor: User, case: Case, form: CaseRecordForm, hearings: BaseInlineFormSet) -> CourtProceeding:
    creating = form.instance.pk is None
    obj = form.save(commit=False)
    obj.case, obj.data_key = case, case.data_key
    obj.save_checked(form.expected_version())
    hearings.instance = obj
    hearings.save()
    fields = form.changed_fields() + (["hearings"] if hearings.has_changed() else [])
    _audit(actor, case, obj, creating, fields)
    return obj


@transaction.atomic
def save_referral(actor: User, case: Case, form: ReferralForm) -> Referral:
    """A referral that shares data keeps the consent it relies on; checked again here, in the transaction."""
    creating = form.instance.pk is None
    obj = form.save(commit=False)
    obj.case, obj.data_key = case, case.data_key
    if not obj.shares_data:
        obj.consent = None
    elif form.needs_consent_check():
        person = obj.person
        assert person is not None  # noqa: S101 - the form requires a person for sharing
        person.case = case
        obj.consent = consents.require_consent(person, ConsentPurpose.SHARE, obj.partner)
    obj.save_checked(form.expected_version())
    _audit(actor, case, obj, creating, form.changed_fields())
    return obj


# --- Incidents -----------------------------------------------------------------------------------------


@transaction.atomic
def save_incident(actor: User, case: Case, form: IncidentForm) -> Incident:
    """A new incident gets a key of its own (it may outlive this case) and is linked to the case."""
    creating = form.instance.pk is None
    incident = form.save(commit=False)
    if creating:
        incident.centre = case.centre
        incident.data_key = DataKey.create(Purpose.INCIDENT, case.centre)
    incident.save_checked(form.expected_version())
    form.save_m2m()
    if creating:
        incident.cases.add(case)
    _audit(actor, case, incident, creating, form.changed_fields())
    return incident


@transaction.atomic
def link_incident(actor: User, case: Case, incident: Incident) -> None:
    """Links an incident of the same centre to one more case (it counts once, whatever the cases)."""
    if incident.centre_id != case.centre_id:
        raise ValueError("an incident is linked only to cases of its own centre")
    incident.cases.add(case)
    record(Action.CHANGE, obj=incident, centre_id=case.centre.public_id, fields=["cases"], user=actor)
