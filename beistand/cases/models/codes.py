"""Incident classifications: configurable, versioned per network, with mappings.

The field revises its lists (the VBRG counting rule changed in 2022/23, members
add motives, RIAS has its own types). A `CodeList` is one version of one
scheme, either the installation's default (network NULL, shipped from the
lists in domain.md) or a network's own. Incidents point at the `Code` rows of
the version they were recorded with, so old records keep their meaning; a
`CodeMapping` says which code of a newer version an older code becomes, so
statistics over several years can be put on one version.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from beistand.network.models import Network


class CodeScheme(models.TextChoices):
    MOTIVE = "motive", _("Motives")
    OFFENCE = "offence", _("Offences (most serious)")
    RIAS_TYPE = "rias_type", _("Antisemitic incident types (RIAS)")
    RIAS_BACKGROUND = "rias_background", _("Political background (RIAS)")
    DISCRIMINATION_GROUND = "discrimination_ground", _("Grounds of discrimination")
    LIFE_AREA = "life_area", _("Areas of life")


class CodeListQuerySet(models.QuerySet["CodeList"]):
    def current(self) -> CodeListQuerySet:
        return self.filter(is_current=True)

    def for_network(self, network: Network | None) -> CodeListQuerySet:
        """The lists a network uses: its own current ones, else the installation's defaults."""
        own = self.current().filter(network=network) if network is not None else self.none()
        own_schemes = own.values_list("scheme", flat=True)
        defaults = self.current().filter(network__isnull=True).exclude(scheme__in=own_schemes)
        return (own | defaults)


class CodeList(models.Model):
    # Lists are configuration, not case data; the public id keeps numeric keys out of URLs all the same.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, null=True, blank=True,
        related_name="code_lists", verbose_name=_("network"),
        help_text=_("Empty: the installation's default list."),
    )
    scheme = models.CharField(_("scheme"), max_length=30, choices=CodeScheme.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    is_current = models.BooleanField(_("current version"), default=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successors",
        verbose_name=_("previous version"),
    )
    # Counts the saves of the edit page, whose form carries it back: a save from a page loaded
    # before someone else's is refused (optimistic locking), not silently written over theirs.
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = CodeListQuerySet.as_manager()

    class Meta:
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")
        ordering = ["scheme", "-version"]
        # Pairs of partial constraints instead of nulls_distinct=False, which SQLite lacks:
        # the installation's defaults (network NULL) and each network's own lists.
        constraints = [
            models.UniqueConstraint(
                fields=["network", "scheme", "version"], condition=Q(network__isnull=False),
                name="cases_codelist_version_unique",
            ),
            models.UniqueConstraint(
                fields=["scheme", "version"], condition=Q(network__isnull=True),
                name="cases_codelist_default_version_unique",
            ),
            models.UniqueConstraint(
                fields=["network", "scheme"], condition=Q(is_current=True, network__isnull=False),
                name="cases_codelist_one_current",
            ),
            models.UniqueConstraint(
                fields=["scheme"], condition=Q(is_current=True, network__isnull=True),
                name="cases_codelist_one_current_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Code(models.Model):
    code_list = models.ForeignKey(CodeList, on_delete=models.CASCADE, related_name="codes")
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    # A sub-count of another code (journalists within "political opponents").
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("counted within"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["code_list", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="cases_code_unique_in_list"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def scheme(self) -> str:
        return self.code_list.scheme


class CodeMapping(models.Model):
    """`source` (an older version's code) counts as `target` (a newer version's code)."""

    source = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="mapped_to")
    target = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="mapped_from")

    class Meta:
        verbose_name = _("code mapping")
        verbose_name_plural = _("code mappings")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="cases_code_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"

    def clean(self) -> None:
        if self.source.code_list.scheme != self.target.code_list.scheme:
            raise ValidationError(_("A code can only be mapped to a code of the same scheme."))
        if self.source.code_list_id == self.target.code_list_id:
            raise ValidationError(_("A mapping leads from one version of a list to another."))
