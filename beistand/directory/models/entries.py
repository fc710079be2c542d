"""Providers and their services: the entries of the referral directory (HSDS organization, service).

A *service* is what counsellors call an entry ("Praxis Dr. A., trauma therapy
in Arabic"). It belongs to a *provider* (the HSDS organization: a practice, a
law firm, an association) — not to be confused with network.Organisation, the
carriers of counselling centres.

Visibility and ownership are Beistand's extension of HSDS: a network-wide
entry belongs to a network (its coordinators maintain it); a centre-private one
to a centre (its lead maintains it); public entries also appear in the help
finder and the open API.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.directory.choices import ServiceStatus, Visibility
from beistand.directory.models.taxonomy import HsdsRecord, TaxonomyTerm
from beistand.lib.locking import next_version
from beistand.network.choices import COUNSELLING_LANGUAGES

LANGUAGE_NAMES = dict(COUNSELLING_LANGUAGES)


class Provider(HsdsRecord):
    """HSDS organization: who provides services."""

    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class Service(HsdsRecord):
    """HSDS service, with the directory's visibility, ownership and verification."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpreting"), blank=True)
    application_process = models.TextField(_("how to get an appointment"), blank=True)
    fees_description = models.TextField(_("costs"), blank=True)
    eligibility_description = models.TextField(_("who can come"), blank=True)
    accreditations = models.TextField(_("qualifications and accreditations"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    alert = models.CharField(_("current notice"), max_length=500, blank=True)

    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, null=True, blank=True,
        related_name="directory_services", verbose_name=_("network"),
    )
    owner_centre = models.ForeignKey(
        "network.Centre", on_delete=models.PROTECT, null=True, blank=True,
        related_name="directory_services", verbose_name=_("maintained by centre"),
    )
    terms: models.ManyToManyField[TaxonomyTerm, Any] = models.ManyToManyField(
        TaxonomyTerm, through="Attribute", through_fields=("service", "term"),
        related_name="services", blank=True,
    )
    # HSDS assured_date; who verified it stays inside the installation.
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("last verified by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # HSDS last_modified.
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        # No index on visibility on purpose: nearly every entry is public or network-wide, and such an
        # index would lead SQLite's planner to walk all entries instead of the locations' bounding box.
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility="centre") | Q(owner_centre__isnull=False),
                name="directory_service_private_has_centre",
            ),
            models.CheckConstraint(
                condition=~Q(visibility="network") | Q(network__isnull=False),
                name="directory_service_network_has_network",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save_checked(self, expected_version: int | None, **kwargs: Any) -> None:
        """Saves only if nobody saved since the form was loaded (else StaleEdit, nothing written)."""
        with transaction.atomic():
            if self.pk is not None:
                self.version = next_version(self, expected_version, _("Someone else saved this entry in the meantime."))
            self.updated_at = timezone.now()
            self.save(**kwargs)


class Attribute(HsdsRecord):
    """HSDS attribute: a taxonomy term attached to a service, location or provider."""

    term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    link_type = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["term", "service"], name="directory_attribute_term")]
        constraints = [
            models.UniqueConstraint(fields=["service", "term"], name="directory_attribute_once_per_service"),
        ]

    def __str__(self) -> str:
        return f"attribute {self.public_id}"

    @property
    def link_entity(self) -> str:
        if self.service_id:
            return "service"
        return "location" if self.location_id else "organization"

    @property
    def link(self) -> Any:
        return self.service or self.location or self.provider


class Language(HsdsRecord):
    """HSDS language: a language spoken by the staff of a service (or at a location, on a phone line)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        "directory.Phone", on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    code = models.CharField(_("language"), max_length=10)
    name = models.CharField(_("name"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["code", "service"], name="directory_language_code")]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The language's name in the interface language (the code for languages outside the code list)."""
        return str(LANGUAGE_NAMES.get(self.code, self.name or self.code))


class ServiceArea(HsdsRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name


class CostOption(HsdsRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(_("option"), max_length=200, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(_("about the amount"), max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.option
