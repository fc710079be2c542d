from beistand.network.models.directory import Centre, Network, OpeningHours, Organisation
from beistand.network.models.regions import (
    AdministrativeRegion,
    District,
    Municipality,
    Postcode,
    State,
)

__all__ = [
    "AdministrativeRegion",
    "Centre",
    "District",
    "Municipality",
    "Network",
    "OpeningHours",
    "Organisation",
    "Postcode",
    "State",
]
