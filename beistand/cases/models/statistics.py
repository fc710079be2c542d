"""The anonymised records that closing a case produces, for the yearly monitoring.

No free text, no dates finer than the year, Kreis not address, age bands not
birth dates, and no link back to the case (no foreign key, no public id, no
reference): they are kept when the case is deleted. The centre is kept so that
the centre lead can release its figures to the network.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import CaseKind


class StatisticsRecord(models.Model):
    """One closed case, anonymised."""

    centre = models.ForeignKey("network.Centre", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year closed"))
    opened_year = models.PositiveSmallIntegerField(_("year opened"))
    kind = models.CharField(_("kind of counselling"), max_length=40, choices=CaseKind.choices)
    access_channel = models.CharField(_("access channel"), max_length=20)
    district_ags = models.CharField(_("district"), max_length=5, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=30)
    closure_outcome = models.CharField(_("outcome"), max_length=30)
    # {"child": 1, "adult": 2}, {"female": 2, "unknown": 1}: the persons counselled.
    persons_by_age = models.JSONField(default=dict)
    persons_by_gender = models.JSONField(default=dict)
    persons_by_role = models.JSONField(default=dict)
    sessions = models.PositiveIntegerField(default=0)
    outreach_sessions = models.PositiveIntegerField(default=0)
    accompaniments = models.PositiveIntegerField(default=0)
    referrals = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("statistics record")
        verbose_name_plural = _("statistics records")
        indexes = [models.Index(fields=["centre", "year"], name="cases_stats_centre_year_idx")]

    def __str__(self) -> str:
        return f"statistics {self.year} {self.kind}"


class StatisticsIncident(models.Model):
    """One incident of a closed case, anonymised: codes and counts only."""

    record = models.ForeignKey(StatisticsRecord, on_delete=models.CASCADE, related_name="incidents")
    year = models.PositiveSmallIntegerField(_("year"))
    district_ags = models.CharField(_("district"), max_length=5, blank=True)
    counting_rule = models.CharField(_("counting rule"), max_length=20)
    # Codes as text with the list version they belong to, e.g. "motive:v1:racism".
    codes = models.JSONField(default=list)
    reported_to_police = models.CharField(max_length=10)
    verification = models.CharField(max_length=20)
    affected_count = models.PositiveSmallIntegerField(default=1)
    minors_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("statistics incident")
        verbose_name_plural = _("statistics incidents")
        indexes = [models.Index(fields=["year", "district_ags"], name="cases_stats_incident_idx")]

    def __str__(self) -> str:
        return f"incident {self.year} {self.district_ags}"
