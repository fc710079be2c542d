"""Cases and the persons in them.

A case belongs to one centre and has its own data key: its fields and those of
every record in it (sessions, accompaniments, referrals, deadlines, consents,
documents) are sealed with that key, so shredding it deletes the whole file,
backups included. A person belongs to the centre, not to a case, and has a key
of their own: the same person can appear in several cases without their
identity being stored twice, and is deleted with the last case they are in.
"""

from __future__ import annotations

import datetime
import uuid
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import (
    AccessChannel,
    AccessReason,
    AgeBand,
    CaseKind,
    CaseStatus,
    ClosureOutcome,
    ClosureReason,
    Gender,
    PersonRole,
    ProtectionLevel,
    RiskLevel,
)
from beistand.cases.models.base import VersionedRecord
from beistand.keys.blind import BlindIndexField, normalise_text
from beistand.keys.fields import EncryptedJSONField, EncryptedTextField


class Case(VersionedRecord):
    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, related_name="cases", verbose_name=_("centre")
    )
    # e.g. BU-2026-0042: unique within the centre, says nothing about the person.
    reference = models.CharField(_("reference"), max_length=30, editable=False)
    kind = models.CharField(_("kind of counselling"), max_length=40, choices=CaseKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ENQUIRY
    )
    access_channel = models.CharField(_("access channel"), max_length=20, choices=AccessChannel.choices)
    received_on = models.DateField(_("first contact on"), default=timezone.localdate)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    assigned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cases",
        verbose_name=_("assigned counsellors"),
    )
    protection_level = models.CharField(
        _("protection level"), max_length=10, choices=ProtectionLevel.choices, default=ProtectionLevel.NORMAL
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    # Where the case mainly happens: for filters and the statistics record.
    district = models.ForeignKey(
        "network.District", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("district"),
    )
    # A short working title in the counsellors' words (encrypted: it is free text).
    title = EncryptedTextField(_("working title"), null=True, blank=True)
    needs = EncryptedTextField(_("needs and goals"), null=True, blank=True)
    # Safety (domestic violence, exit): risk, plan, children, end of the police removal.
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.UNKNOWN)
    safety_plan = EncryptedTextField(_("safety plan"), null=True, blank=True)
    children_in_household = models.BooleanField(_("children in the household"), default=False)
    removal_order_ends_on = models.DateField(_("police removal order ends on"), null=True, blank=True)
    # Closure.
    closure_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_outcome = models.CharField(
        _("outcome"), max_length=30, choices=ClosureOutcome.choices, blank=True
    )
    deletion_due_on = models.DateField(_("to be deleted on"), null=True, blank=True)
    # Set by the first closing that made a statistics record: closing again after a reopening
    # makes no second one (the record has no link back, so it cannot be updated either).
    statistics_recorded = models.BooleanField(_("counted in the statistics"), default=False, editable=False)
    # When the case was last worked on (sessions, messages): "cases without contact".
    last_contact_on = models.DateField(_("last contact on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "reference"], name="cases_reference_unique_in_centre"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="cases_case_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "status", "-opened_on"], name="cases_case_list_idx"),
            # The unfiltered list: newest first within the centre, read straight off the index.
            models.Index(fields=["centre", "-opened_on", "-id"], name="cases_case_centre_opened_idx"),
            # The Kreis choices of the list's filter.
            models.Index(fields=["centre", "district"], name="cases_case_centre_district_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def aad_centre_id(self) -> uuid.UUID | None:
        return self.centre.public_id

    # The list shows these for every row: an enum lookup, where get_FOO_display
    # hashes the whole (lazy) choice list on each call.
    @property
    def kind_label(self) -> Any:
        return _label(CaseKind, self.kind)

    @property
    def status_label(self) -> Any:
        return _label(CaseStatus, self.status)

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def is_high_protection(self) -> bool:
        return self.protection_level == ProtectionLevel.HIGH

    @cached_property
    def closure_state(self) -> Any:
        """Deletion date, legal holds and who may delete: for the closure section of the case page."""
        from beistand.cases.retention import ClosureState

        return ClosureState(self)


def _label(choices: type[models.TextChoices], value: str) -> Any:
    try:
        return choices(value).label
    except ValueError:  # a value no longer among the choices: shown as stored
        return value


class CaseCounter(models.Model):
    """The last reference number given per centre and year (locked while counting)."""

    centre = models.ForeignKey("network.Centre", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "year"], name="cases_counter_unique")]

    def __str__(self) -> str:
        return f"counter {self.year}: {self.last_number}"

    @classmethod
    def next_number(cls, centre: object, year: int) -> int:
        with transaction.atomic():
            counter, _created = cls.objects.select_for_update().get_or_create(centre=centre, year=year)
            counter.last_number += 1
            counter.save(update_fields=["last_number"])
            return counter.last_number


class Person(VersionedRecord):
    """Someone known to a centre. Pseudonym by default; identity only where counselling needs it."""

    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, related_name="persons", verbose_name=_("centre")
    )
    pseudonym = EncryptedTextField(_("pseudonym"))
    # Exact-match search by pseudonym (case and spaces ignored), without decrypting.
    pseudonym_index = BlindIndexField(source="pseudonym", key_label="cases.person.pseudonym", normalise=normalise_text)
    name = EncryptedTextField(_("name"), null=True, blank=True)
    # {"phone": ..., "email": ..., "address": ...}
    contact = EncryptedJSONField(_("contact details"), null=True, blank=True)
    # {"times": ..., "channel": ..., "no_voicemail": bool, "code_word": ...}
    safe_contact = EncryptedJSONField(_("safe contact"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"person {self.public_id}"

    def aad_centre_id(self) -> uuid.UUID | None:
        return self.centre.public_id


class CasePerson(models.Model):
    """A person's part in one case."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("role"), max_length=30, choices=PersonRole.choices, default=PersonRole.DIRECTLY_AFFECTED)
    added_on = models.DateField(default=timezone.localdate, editable=False)

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in a case")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="cases_person_once_per_case")]

    def __str__(self) -> str:
        return f"{self.role} in {self.case_id}"


class ProtectedOpening(models.Model):
    """One opening of a high-protection case, with the reason given (an audit record of its own)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="openings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=AccessReason.choices)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"opening for {self.reason}"

    def is_fresh(self, minutes: int = 30) -> bool:
        return self.opened_at >= timezone.now() - datetime.timedelta(minutes=minutes)

