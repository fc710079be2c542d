"""What happens in a case: sessions, accompaniments, court proceedings, referrals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import (
    AccompanimentKind,
    ProceedingRole,
    ReferralOutcome,
    ReferralPurpose,
    SessionMode,
)
from beistand.cases.models.base import CaseRecord
from beistand.keys.fields import EncryptedTextField

# How many of each kind of record the case page lists; the timeline shows them all.
RECENT_ON_CASE_PAGE = 5


def bound_to_case(rows: Any, case: Any) -> list[Any]:
    """Rows of one case, opening with the case's own (already unwrapped) key: no key query per row."""
    loaded = list(rows)
    for row in loaded:
        row.case = case
        if row.data_key_id == case.data_key_id:
            row.data_key = case.data_key
    return loaded


class CasePageManager(models.Manager[Any]):
    """`case.sessions.for_case_page` and the like: the newest few rows in one query."""

    page_related: tuple[str, ...] = ()

    def for_case_page(self) -> dict[str, Any]:
        case = self.instance  # type: ignore[attr-defined]
        rows = bound_to_case(self.select_related(*self.page_related)[: RECENT_ON_CASE_PAGE + 1], case)
        return {"recent": rows[:RECENT_ON_CASE_PAGE], "more": len(rows) > RECENT_ON_CASE_PAGE}


class SessionManager(CasePageManager):
    page_related = ("counsellor",)


class ProceedingManager(CasePageManager):
    def for_case_page(self) -> dict[str, Any]:
        page = super().for_case_page()
        for proceeding, hearings in zip(page["recent"], _hearings_of(page["recent"]), strict=True):
            proceeding.hearing_dates = hearings
        return page


def _hearings_of(proceedings: list[Any]) -> list[list[Any]]:
    dates: dict[int, list[Any]] = {p.pk: [] for p in proceedings}
    for hearing in Hearing.objects.filter(proceeding__in=proceedings).order_by("held_on"):
        dates[hearing.proceeding_id].append(hearing.held_on)
    return [dates[p.pk] for p in proceedings]


class ReferralManager(CasePageManager):
    page_related = ("directory_entry",)

    def for_case_page(self) -> dict[str, Any]:
        """With `consent_withdrawn` on each referral whose sharing consent was withdrawn since."""
        from beistand.cases import consents  # the checks build on these models

        page = super().for_case_page()
        sharing = [r for r in page["recent"] if r.shares_data and r.consent_id]
        current = consents.current_by_key(self.instance) if sharing else {}  # type: ignore[attr-defined]
        for referral in page["recent"]:
            statement = current.get(consents.key_of(referral.person_id, referral.partner)) if referral in sharing else None
            referral.consent_withdrawn = statement is not None and not statement.given
        return page


class CounsellingSession(CaseRecord):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    mode = models.CharField(_("mode"), max_length=20, choices=SessionMode.choices)
    language = models.CharField(_("language"), max_length=10, blank=True)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    participants = models.ManyToManyField(
        "cases.CasePerson", blank=True, related_name="sessions", verbose_name=_("participants")
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("counsellor"),
    )
    note = EncryptedTextField(_("note"), null=True, blank=True)

    objects = SessionManager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"session {self.public_id}"

    @property
    def is_outreach(self) -> bool:
        return self.mode in SessionMode.outreach()


class Accompaniment(CaseRecord):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="accompaniments")
    kind = models.CharField(_("to"), max_length=20, choices=AccompanimentKind.choices)
    held_on = models.DateField(_("date"), default=timezone.localdate)
    travel_cost = models.DecimalField(
        _("travel costs (EUR)"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    interpreter_cost = models.DecimalField(
        _("interpreter costs (EUR)"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("counsellor"),
    )
    note = EncryptedTextField(_("note"), null=True, blank=True)

    objects = CasePageManager()

    class Meta:
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"accompaniment {self.public_id}"


class CourtProceeding(CaseRecord):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proceedings")
    court = models.CharField(_("court"), max_length=200)
    file_number = EncryptedTextField(_("file number"), null=True, blank=True)
    role = models.CharField(_("role of the person"), max_length=20, choices=ProceedingRole.choices)
    is_running = models.BooleanField(_("running"), default=True)
    note = EncryptedTextField(_("note"), null=True, blank=True)

    objects = ProceedingManager()

    class Meta:
        verbose_name = _("court proceeding")
        verbose_name_plural = _("court proceedings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"proceeding {self.public_id}"


class Hearing(models.Model):
    proceeding = models.ForeignKey(CourtProceeding, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("hearing on"))

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"hearing on {self.held_on}"


class Referral(CaseRecord):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    referred_on = models.DateField(_("date"), default=timezone.localdate)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ReferralPurpose.choices)
    # The name as the counsellor wrote it (also for partners not in the directory).
    partner = EncryptedTextField(_("partner"))
    directory_entry = models.ForeignKey(
        "directory.Service", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="referrals", verbose_name=_("directory entry"),
    )
    person = models.ForeignKey(
        "cases.CasePerson", on_delete=models.CASCADE, null=True, blank=True,
        related_name="referrals", verbose_name=_("for"),
    )
    shares_data = models.BooleanField(
        _("data about the person is passed on"), default=False,
        help_text=_("Then the person's consent to sharing with this partner is required."),
    )
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True,
        related_name="referrals", verbose_name=_("consent relied on"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    note = EncryptedTextField(_("note"), null=True, blank=True)

    objects = ReferralManager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"referral {self.public_id}"
