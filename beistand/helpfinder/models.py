"""Routing rules: which centre the help finder names for which situation.

Routing is data, not code. A rule says that a centre takes on one situation,
optionally only for some people (who is asking) or some languages. Where the
centre works comes from its own service area in the directory (nationwide,
Länder, Regierungsbezirke, Kreise), so a centre's area is kept in one place.
Rules describe institutions, never the people they counsel.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from beistand.helpfinder.choices import Priority, Situation
from beistand.lib.locking import next_version
from beistand.network.models import Centre
from beistand.network.models.directory import CodeListValidator


class RoutingRule(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("centre")
    )
    situation = models.CharField(_("situation"), max_length=30, choices=Situation.choices)
    # Empty: everybody. Otherwise only these askers (codes of network.choices.TargetGroup).
    target_groups = models.JSONField(
        _("only for"), default=list, blank=True, validators=[CodeListValidator("target_groups")]
    )
    # Empty: whatever language is asked for. Otherwise only when one of these is asked for.
    languages = models.JSONField(
        _("only for the languages"), default=list, blank=True,
        validators=[CodeListValidator("languages")],
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.FIRST
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["centre__name", "situation"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["centre", "situation"], name="one_rule_per_centre_and_situation"),
        ]
        indexes = [models.Index(fields=["situation", "centre"], name="routing_situation_idx")]

    def __str__(self) -> str:
        return f"{self.centre_id}: {self.situation}"

    @property
    def is_restricted(self) -> bool:
        return bool(self.target_groups or self.languages)

    def applies_to(self, who: str, language: str) -> bool:
        """Whether the rule speaks for this asker. An unanswered question restricts nothing."""
        fits_who = not self.target_groups or not who or who in self.target_groups
        fits_language = not self.languages or not language or language in self.languages
        return fits_who and fits_language

    def save_checked(self, expected_version: int | None, **kwargs: Any) -> None:
        """Saves unless someone else saved the rule since `expected_version` was read."""
        with transaction.atomic():
            if self.pk is not None:
                self.version = next_version(self, expected_version, _("Someone else saved this rule in the meantime."))
            self.save(**kwargs)
