"""Code lists of the referral directory: visibility, the HSDS enumerations, weekdays."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who reads an entry. Private notes on an entry always stay within their centre."""

    CENTRE = "centre", _("Only the owning centre")
    NETWORK = "network", _("The whole network")
    PUBLIC = "public", _("Public (also the help finder and the open API)")


class ServiceStatus(models.TextChoices):
    """HSDS service.status (the values are the standard's own)."""

    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("no longer exists")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class LocationType(models.TextChoices):
    """HSDS location.location_type and address.address_type."""

    PHYSICAL = "physical", _("a place to visit")
    POSTAL = "postal", _("postal address")
    VIRTUAL = "virtual", _("online or by phone")


class Weekday(models.TextChoices):
    """iCalendar day codes, as HSDS schedule.byday uses them."""

    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


# Python's date.weekday() (Monday = 0) to the iCalendar code.
WEEKDAY_CODES = [day.value for day in Weekday]


class ChangeKind(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    VERIFIED = "verified", _("verified")
    IMPORTED = "imported", _("imported")


# Taxonomies the directory ships (codes of directory.Taxonomy).
NEEDS = "beistand-needs"
FEATURES = "beistand-features"

# Terms of the features taxonomy that the search and the forms use by code.
FREE_OF_CHARGE = "free-of-charge"
ACCEPTS_UNINSURED = "accepts-uninsured"
INTERPRETER_AVAILABLE = "interpreter-available"
BARRIER_FREE = "barrier-free"
TRAUMA_INFORMED = "trauma-informed"
COMMUNITY_BASED = "community-based"
EXAMPLE_ENTRY = "example-entry"
# Carries Location.address_is_confidential through an HSDS export as an attribute of the location
# (HSDS has no such field; hsds/extensions.py). Never a feature to choose for an entry.
CONFIDENTIAL_ADDRESS = "confidential-address"
