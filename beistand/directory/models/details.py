"""Where and when a service is reached (HSDS location, address, service_at_location,
phone, contact, schedule, accessibility)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from beistand.directory.choices import LocationType, Weekday
from beistand.directory.models.entries import Provider, Service
from beistand.directory.models.taxonomy import HsdsRecord


class Location(HsdsRecord):
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    location_type = models.CharField(
        _("kind of location"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    url = models.URLField(_("address on the web"), max_length=500, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)
    # A women's shelter's address must not reach a violent partner: public surfaces leave it out.
    address_is_confidential = models.BooleanField(
        _("address only for staff"), default=False,
        help_text=_(
            "E.g. a women's shelter: the street address and the exact position never appear in the help "
            "finder, the open API or an export for the public; counsellors of the network see them."
        ),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        # The bounding box of a distance search.
        indexes = [models.Index(fields=["latitude", "longitude"], name="directory_location_point")]

    def __str__(self) -> str:
        return self.name or f"location {self.public_id}"


class Address(HsdsRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("for the attention of"), max_length=200, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=250)
    address_2 = models.CharField(_("address addition"), max_length=250, blank=True)
    city = models.CharField(_("town"), max_length=150)
    region = models.CharField(_("district"), max_length=150, blank=True)
    state_province = models.CharField(_("federal state"), max_length=100)
    postal_code = models.CharField(_("postcode"), max_length=10)
    country = models.CharField(_("country"), max_length=2, default="DE")
    address_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code} {self.city}"


class ServiceAtLocation(HsdsRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_links")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_service_at_location_once"),
        ]

    def __str__(self) -> str:
        return f"service at location {self.public_id}"


class Contact(HsdsRecord):
    """A named contact at a provider or service (a professional's work contact, not a client)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("role"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    def __str__(self) -> str:
        return self.name or f"contact {self.public_id}"


class Phone(HsdsRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("kind"), max_length=30, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number


class Schedule(HsdsRecord):
    """Weekly opening hours (HSDS schedule with freq WEEKLY): byday holds day codes, e.g. "MO,TU"."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    freq = models.CharField(max_length=10, default="WEEKLY")
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(_("weekdays"), max_length=30, blank=True)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="directory_schedule_order",
            ),
        ]

    def __str__(self) -> str:
        return f"schedule {self.public_id}"

    @property
    def days(self) -> list[str]:
        return [day for day in self.byday.split(",") if day]

    @property
    def day_labels(self) -> list[str]:
        return [str(Weekday(day).label) for day in self.days if day in Weekday.values]


class Accessibility(HsdsRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.CharField(_("description"), max_length=500, blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.description
