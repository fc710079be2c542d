"""Deleting a case for real (crypto-shredding), by hand or by the daily retention job.

`delete_case(case)` first shreds the case's data key, so that from that moment
nothing sealed with it can be read anywhere, backups included; then it deletes
every row of the case (sessions, accompaniments, proceedings with their
hearings, referrals, deadlines, consents, documents with their stored files and
previews, openings, links), the persons and incidents that no other case links
(their own keys shredded too), and the lifted legal holds that name it.
Notices keep the reference as text and lose their link. The anonymised
statistics record has no link to the case and stays.

The centre's leads get a notice with the reference only; the audit log gets a
DELETE for the case and each person and incident (ids only) and a SHRED per key.

Unlike retention.shredding.shred_rows, which looks for keys no row uses any
more, this shreds exactly the keys it means to: the case's key whatever else
might still use it, and the keys of the persons and incidents it deletes.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet

from beistand.accounts.models import Membership, Role
from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.models import (
    Accompaniment,
    Case,
    CasePerson,
    Consent,
    CounsellingSession,
    CourtProceeding,
    Deadline,
    Document,
    Incident,
    Notice,
    NoticeKind,
    Person,
    Referral,
)
from beistand.cases.retention import CASE_OBJECT_TYPE, active_holds
from beistand.keys.models import DataKey
from beistand.retention.models import LegalHold
from beistand.retention.registry import Counts

# In this order: a referral protects the consent it relies on.
CASE_RECORDS: tuple[type[models.Model], ...] = (
    Referral, Consent, Document, CounsellingSession, Accompaniment, CourtProceeding, Deadline,
)


class CaseNotDeletable(Exception):
    """Only closed cases without an active legal hold are deleted (a safety net behind the views)."""


def delete_case(case: Case, *, user: Any = None) -> Counts:
    """Deletes the case, its records, and its persons and incidents no other case links."""
    if not case.is_closed or active_holds(case).exists():
        raise CaseNotDeletable(f"case {case.public_id} is open or under a legal hold")
    persons = list(_only_here(Person.objects.filter(case_links__case=case), CasePerson, "person", case))
    incidents = list(_only_here(case.incidents.all(), Incident.cases.through, "incident", case))
    # Fail closed: once the key is gone nothing of the case can be read, even if a step below fails.
    case.data_key.shred()
    with transaction.atomic():
        counts = _delete_rows(case, persons, incidents)
        counts["keys"] = 1 + _shred_own_keys([*persons, *incidents])
        _notify_leads(case)
        _audit(case, persons, incidents, user)
    return counts


def _only_here(rows: QuerySet[Any], links: type[models.Model], field: str, case: Case) -> QuerySet[Any]:
    """The rows of `rows` that no other case links through `links`."""
    elsewhere = links._default_manager.filter(**{field: OuterRef("pk")}).exclude(case=case)
    return rows.filter(~Exists(elsewhere)).distinct()


def _delete_rows(case: Case, persons: list[Person], incidents: list[Incident]) -> Counts:
    counts: Counts = {"rows": 0, "files": 0}
    for model in CASE_RECORDS:
        _add(counts, delete_with_files(model._default_manager.filter(case=case)))
    LegalHold.objects.filter(object_type=CASE_OBJECT_TYPE, object_public_id=case.public_id).delete()
    # The case itself; its links to persons and incidents and its openings go with it.
    _add(counts, delete_with_files(Case.objects.filter(pk=case.pk)))
    _add(counts, delete_with_files(Person.objects.filter(pk__in=[person.pk for person in persons])))
    _add(counts, delete_with_files(Incident.objects.filter(pk__in=[incident.pk for incident in incidents])))
    return counts


def _add(totals: Counts, counts: Counts) -> None:
    for name, count in counts.items():
        totals[name] = totals.get(name, 0) + count


def delete_with_files(rows: QuerySet[Any]) -> Counts:
    """Deletes the rows, and their stored (encrypted) files once the transaction commits."""
    file_fields = [field for field in rows.model._meta.concrete_fields if isinstance(field, models.FileField)]
    files: list[tuple[Any, str]] = []
    if file_fields:
        for values in rows.values(*(field.attname for field in file_fields)):
            files += [(field.storage, values[field.attname]) for field in file_fields if values[field.attname]]
    removed, _by_model = rows.delete()
    transaction.on_commit(lambda: _delete_files(files))
    return {"rows": removed, "files": len(files)}


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def _shred_own_keys(rows: list[Person | Incident]) -> int:
    """Shreds the keys of deleted persons and incidents that no remaining person or incident uses."""
    key_ids = {row.data_key_id for row in rows}
    still_used = {
        *Person.objects.filter(data_key__in=key_ids).values_list("data_key", flat=True),
        *Incident.objects.filter(data_key__in=key_ids).values_list("data_key", flat=True),
    }
    unused = DataKey.objects.filter(pk__in=key_ids - still_used, destroyed_at__isnull=True)
    for key in unused:
        key.shred()
    return len(unused)


def _notify_leads(case: Case) -> None:
    leads = Membership.objects.filter(centre_id=case.centre_id, role=Role.LEAD, user__is_active=True)
    Notice.objects.bulk_create(
        Notice(
            recipient_id=user_id, centre_id=case.centre_id, kind=NoticeKind.CASE_DELETED,
            reference=case.reference,
        )
        for user_id in sorted(set(leads.values_list("user_id", flat=True)))
    )


def _audit(case: Case, persons: list[Person], incidents: list[Incident], user: Any) -> None:
    centre_id = case.centre.public_id
    for deleted in (case, *persons, *incidents):
        record(Action.DELETE, obj=deleted, centre_id=centre_id, user=user)
