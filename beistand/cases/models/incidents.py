"""Incidents: the monitoring unit (an attack, a discrimination), separate from the case.

An incident may come from counselling, the police, the press or partners, may
belong to several cases (or none), is revised, and carries the version of the
counting rule it was counted under. It has its own data key: it outlives a
case it is linked to only while another case still links it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import (
    DatePrecision,
    IncidentSource,
    PerpetratorRelation,
    VerificationStatus,
    YesNoUnknown,
)
from beistand.cases.models.base import VersionedRecord
from beistand.cases.models.cases import Case
from beistand.cases.models.codes import Code
from beistand.cases.models.work import RECENT_ON_CASE_PAGE
from beistand.keys.fields import EncryptedTextField

# The VBRG counting rule in force since 2023 (threats and coercion count when
# experienced as such with serious consequences); older records keep theirs.
CURRENT_COUNTING_RULE = "vbrg-2023"
COUNTING_RULES = [
    ("vbrg-2023", _("VBRG counting rule 2023")),
    ("vbrg-2018", _("VBRG counting rule before 2023")),
    ("rias", _("RIAS definition")),
    ("agg", _("Discrimination (AGG and practice)")),
]


class IncidentManager(models.Manager["Incident"]):
    def for_case_page(self) -> dict[str, Any]:
        """On `case.incidents`: the newest few with place and offence, in one query (nothing decrypted)."""
        rows = list(self.select_related("municipality", "district", "offence")[: RECENT_ON_CASE_PAGE + 1])
        return {"recent": rows[:RECENT_ON_CASE_PAGE], "more": len(rows) > RECENT_ON_CASE_PAGE}


class Incident(VersionedRecord):
    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("centre")
    )
    cases = models.ManyToManyField(Case, blank=True, related_name="incidents", verbose_name=_("cases"))
    occurred_on = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date known to the"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    municipality = models.ForeignKey(
        "network.Municipality", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("municipality"),
    )
    district = models.ForeignKey(
        "network.District", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("district"),
    )
    exact_place = EncryptedTextField(_("exact place"), null=True, blank=True)
    motives = models.ManyToManyField(Code, blank=True, related_name="+", verbose_name=_("motives"))
    offence = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("offence (most serious)"),
    )
    rias_type = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("antisemitic incident type"),
    )
    rias_background = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("political background"),
    )
    discrimination_grounds = models.ManyToManyField(
        Code, blank=True, related_name="+", verbose_name=_("grounds of discrimination")
    )
    life_area = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("area of life"),
    )
    perpetrator_count = models.PositiveSmallIntegerField(
        _("number of perpetrators"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    perpetrator_relation = models.CharField(
        _("relation to the perpetrators"), max_length=20, choices=PerpetratorRelation.choices,
        default=PerpetratorRelation.UNKNOWN,
    )
    perpetrators_organised = models.CharField(
        _("perpetrators organised"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    reported_to_police = models.CharField(
        _("reported to the police"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    source = models.CharField(
        _("source"), max_length=20, choices=IncidentSource.choices, default=IncidentSource.COUNSELLING
    )
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
    )
    counting_rule = models.CharField(
        _("counting rule"), max_length=20, choices=COUNTING_RULES, default=CURRENT_COUNTING_RULE
    )
    affected_count = models.PositiveSmallIntegerField(
        _("directly affected persons"), default=1, validators=[MaxValueValidator(10000)]
    )
    minors_count = models.PositiveSmallIntegerField(
        _("of them children or young people"), default=0, validators=[MaxValueValidator(10000)]
    )
    description = EncryptedTextField(_("what happened"), null=True, blank=True)
    # Set when a closing case put the incident into its statistics record, so that
    # an incident linked to several cases is counted once.
    counted_in_statistics = models.BooleanField(_("counted in the statistics"), default=False, editable=False)

    objects = IncidentManager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"incident {self.public_id}"

    def aad_centre_id(self) -> uuid.UUID | None:
        return self.centre.public_id
