"""The referral directory's data model, aligned with Open Referral HSDS 3.0."""

from beistand.directory.models.details import (
    Accessibility,
    Address,
    Contact,
    Location,
    Phone,
    Schedule,
    ServiceAtLocation,
)
from beistand.directory.models.entries import (
    Attribute,
    CostOption,
    Language,
    Provider,
    Service,
    ServiceArea,
)
from beistand.directory.models.notes import Change, PrivateNote
from beistand.directory.models.taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "Change",
    "Contact",
    "CostOption",
    "Language",
    "Location",
    "Phone",
    "PrivateNote",
    "Provider",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
