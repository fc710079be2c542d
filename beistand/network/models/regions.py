"""Germany's administrative regions and postcodes, loaded from data/regions/.

The official municipality key (AGS, Amtlicher Gemeindeschlüssel) is hierarchical:
2 digits Land, 3 digits Regierungsbezirk, 5 digits Kreis/kreisfreie Stadt,
8 digits Gemeinde. Länder without Regierungsbezirke have none here and their
Kreise point directly to the Land.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.Model):
    """A Land (federal state)."""

    ags = models.CharField(_("key"), max_length=2, unique=True)
    code = models.CharField(_("code"), max_length=2, unique=True, help_text="ISO 3166-2:DE, e.g. NW")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("federal state")
        verbose_name_plural = _("federal states")

    def __str__(self) -> str:
        return self.name


class AdministrativeRegion(models.Model):
    """A Regierungsbezirk (administrative district)."""

    ags = models.CharField(_("key"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="administrative_regions")

    class Meta:
        ordering = ["name"]
        verbose_name = _("administrative district")
        verbose_name_plural = _("administrative districts")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A Kreis or kreisfreie Stadt — the unit in which routing and statistics count."""

    class Kind(models.TextChoices):
        URBAN = "urban", _("independent city")
        RURAL = "rural", _("rural district")
        REGION = "region", _("regional association")

    ags = models.CharField(_("key"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # The name folded for search (see regions.name_key): "Köln", "koeln", "KOELN" -> "koln".
    name_key = models.CharField(max_length=100, db_index=True, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts")
    administrative_region = models.ForeignKey(
        AdministrativeRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A Gemeinde (including the kreisfreie Städte, which are their own Kreis)."""

    ags = models.CharField(_("key"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=150, db_index=True)
    name_key = models.CharField(max_length=150, db_index=True, editable=False, default="")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A five-digit postcode with its centroid. One postcode may span several Kreise."""

    code = models.CharField(_("postcode"), max_length=5, unique=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    districts = models.ManyToManyField(District, related_name="postcodes")
    municipalities = models.ManyToManyField(Municipality, related_name="postcodes", blank=True)
    # Where a postcode spans several Kreise, the one under its centroid comes first.
    main_district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    main_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return self.code
