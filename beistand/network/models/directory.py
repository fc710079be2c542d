"""Organisations, centres and the networks they belong to.

Everything here is public directory data about institutions, never about the
people they counsel. Staff see it in the workspace; the public sees the
published centres.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from beistand.network.choices import CODE_LISTS, CentreType, OrganisationKind, Weekday
from beistand.network.models.regions import AdministrativeRegion, District, State


@deconstructible
class CodeListValidator:
    """Checks a JSON list against one of the code lists in network.choices.

    Refers to the list by name, so adding a code needs no migration.
    """

    def __init__(self, list_name: str) -> None:
        self.list_name = list_name

    def __call__(self, value: object) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Expected a list of codes."))
        unknown = sorted(set(value) - CODE_LISTS[self.list_name])
        if unknown:
            raise ValidationError(
                _("Unknown codes: %(codes)s"), params={"codes": ", ".join(unknown)}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeListValidator) and other.list_name == self.list_name


class Organisation(models.Model):
    """A legal body: the carrier of one or more centres, or an external agency (police)."""

    # Optimistic locking of the edit form (beistand/lib/locking.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Which networks an organisation works in, apart from the centres it
    # carries: it puts carriers without a centre yet (and partner agencies)
    # into a coordinator's scope.
    networks: models.ManyToManyField[Network, Any] = models.ManyToManyField(
        "Network",
        blank=True,
        related_name="organisations",
        verbose_name=_("networks"),
        help_text=_("Networks this organisation works in, e.g. as a carrier or partner."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    """A network of centres, e.g. the NRW state network, weact or the VBRG."""

    # Optimistic locking of the edit form (beistand/lib/locking.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    coordinated_by = models.ForeignKey(
        "Centre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_networks",
        limit_choices_to={"type": CentreType.COORDINATION},
        verbose_name=_("coordinated by"),
        help_text=_("The coordination office whose coordinators maintain this network's entries."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class CentreQuerySet(models.QuerySet["Centre"]):
    def published(self) -> QuerySet[Centre]:
        return self.filter(is_published=True)

    def covering(self, district: District) -> QuerySet[Centre]:
        """Centres whose service area includes the district (directly, via its region or Land)."""
        area = Q(districts=district) | Q(states=district.state_id) | Q(nationwide=True)
        if district.administrative_region_id:
            area |= Q(administrative_regions=district.administrative_region_id)
        return self.filter(area).distinct()


class Centre(models.Model):
    """A counselling centre, help line or coordination office."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Optimistic locking of the edit form (beistand/lib/locking.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=40, choices=CentreType.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="centres",
        verbose_name=_("carrier"),
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public pages.")
    )

    # Service area: any mix of Kreise, whole Regierungsbezirke and whole Länder.
    nationwide = models.BooleanField(_("nationwide"), default=False)
    states = models.ManyToManyField(State, blank=True, related_name="centres", verbose_name=_("federal states"))
    administrative_regions = models.ManyToManyField(
        AdministrativeRegion, blank=True, related_name="centres", verbose_name=_("administrative districts")
    )
    districts = models.ManyToManyField(District, blank=True, related_name="centres", verbose_name=_("districts"))
    service_area_note = models.CharField(
        _("note on the service area"),
        max_length=300,
        blank=True,
        help_text=_("E.g. when the public sources do not say where exactly the centre works."),
    )

    topics = models.JSONField(
        _("topics"), default=list, blank=True,
        validators=[CodeListValidator("topics")],
    )
    target_groups = models.JSONField(
        _("target groups"), default=list, blank=True,
        validators=[CodeListValidator("target_groups")],
    )
    languages = models.JSONField(
        _("languages offered"), default=list, blank=True,
        validators=[CodeListValidator("languages")],
    )
    channels = models.JSONField(
        _("contact channels"), default=list, blank=True,
        validators=[CodeListValidator("channels")],
    )
    networks = models.ManyToManyField(Network, blank=True, related_name="centres", verbose_name=_("networks"))

    # Public contact data of the institution.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_is_example = models.BooleanField(
        _("contact data are examples"),
        default=False,
        help_text=_("Marks phone, e-mail and address as placeholders, not the centre's real contact data."),
    )
    opening_hours_note = models.CharField(_("note on opening hours"), max_length=300, blank=True)
    # Case references read e.g. BU-2026-0042; empty: the first letters of the short name.
    case_reference_prefix = models.CharField(
        _("prefix of case references"), max_length=6, blank=True,
        validators=[RegexValidator(r"^[A-Z]{1,6}$", _("Capital letters A–Z only, at most six."))],
    )

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name

    def offers(self, channel: str) -> bool:
        return channel in self.channels

    @property
    def reference_prefix(self) -> str:
        letters = "".join(ch for ch in self.slug.upper() if "A" <= ch <= "Z")
        return self.case_reference_prefix or letters[:2] or "C"


class OpeningHours(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="opening_hours_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}\N{EN DASH}{self.closes:%H:%M}"
