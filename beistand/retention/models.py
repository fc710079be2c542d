"""Legal holds and the centres' own retention periods."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HoldReason(models.TextChoices):
    PROCEEDINGS = "proceedings", _("court or criminal proceedings are running")
    MINOR = "minor", _("a minor is involved")
    OTHER_OBLIGATION = "obligation", _("another legal obligation to keep it")


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """Keeps one object (a case, a conversation) from deletion until the hold is lifted.

    Names the object by type and public id only, so the hold outlives nothing it
    should not and says nothing about the content.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("centre")
    )
    object_type = models.CharField(_("object type"), max_length=60)
    object_public_id = models.UUIDField(_("object"))
    reason = models.CharField(_("reason"), max_length=20, choices=HoldReason.choices)
    placed_by = models.UUIDField(_("placed by"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = [
            models.Index(
                fields=["object_type", "object_public_id"],
                condition=Q(lifted_at__isnull=True),
                name="retention_active_hold_idx",
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.reason} on {self.object_type} {self.object_public_id}"


class RetentionPolicy(models.Model):
    """A centre's own period for one data category, instead of the installation's default."""

    centre = models.ForeignKey(
        "network.Centre", on_delete=models.CASCADE, related_name="retention_policies",
        verbose_name=_("centre"),
    )
    category = models.CharField(_("data category"), max_length=60)
    days = models.PositiveIntegerField(_("days"))

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.UniqueConstraint(fields=["centre", "category"], name="retention_one_policy_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.days} days"

    def save(self, *args: object, **kwargs: object) -> None:
        # No path around the legal minimum: every save is validated.
        self.full_clean(validate_unique=False, validate_constraints=False)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        from beistand.retention import registry

        try:
            category = registry.get(self.category)
        except LookupError:
            raise ValidationError({"category": _("There is no such data category.")}) from None
        try:
            registry.validate_days(category, self.days)
        except ValidationError as error:
            raise ValidationError({"days": error.messages}) from None
