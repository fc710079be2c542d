"""How each HSDS table maps onto the directory's models: shared by export and import.

A column is either a plain field of the model or a reference (an HSDS id of a
row in another table, stored as a foreign key). Columns of the standard that
the directory does not keep are written empty and ignored on import. The
order of TABLES is the order of writing: every reference points backwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from beistand.directory.hsds.schema import Column, resource_columns, resource_entry
from beistand.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


@dataclass(frozen=True)
class Table:
    resource: str
    model: type[models.Model]
    # HSDS column -> model field name (plain values)
    fields: dict[str, str]
    # HSDS column -> (foreign key field name, referenced resource)
    references: dict[str, tuple[str, str]] = field(default_factory=dict)
    # At least one of these references must be given (the row must belong somewhere).
    one_of: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return str(resource_entry(self.resource)["path"])

    @property
    def columns(self) -> tuple[Column, ...]:
        return resource_columns(self.resource)

    def model_field(self, column: str) -> models.Field:
        return self.model._meta.get_field(self.fields[column])  # type: ignore[return-value]


TEXT_LIKE = ("CharField", "TextField", "EmailField", "URLField", "SlugField")

TABLES: list[Table] = [
    Table("organization", Provider, {
        "name": "name", "alternate_name": "alternate_name", "description": "description",
        "email": "email", "website": "website", "legal_status": "legal_status",
    }),
    Table("taxonomy", Taxonomy, {"name": "name", "description": "description", "uri": "uri", "version": "version"}),
    Table("taxonomy_term", TaxonomyTerm, {
        "code": "code", "name": "name", "description": "description", "language": "language", "term_uri": "term_uri",
    }, {"taxonomy_id": ("taxonomy", "taxonomy"), "parent_id": ("parent", "taxonomy_term")}, one_of=("taxonomy_id",)),
    Table("service", Service, {
        "name": "name", "alternate_name": "alternate_name", "description": "description", "url": "url",
        "email": "email", "status": "status", "interpretation_services": "interpretation_services",
        "application_process": "application_process", "fees_description": "fees_description",
        "accreditations": "accreditations", "eligibility_description": "eligibility_description",
        "minimum_age": "minimum_age", "maximum_age": "maximum_age", "assured_date": "last_verified_on",
        "alert": "alert", "last_modified": "updated_at",
    }, {"organization_id": ("provider", "organization")}, one_of=("organization_id",)),
    Table("location", Location, {
        "location_type": "location_type", "url": "url", "name": "name", "alternate_name": "alternate_name",
        "description": "description", "transportation": "transportation", "latitude": "latitude",
        "longitude": "longitude", "external_identifier": "external_identifier",
        "external_identifier_type": "external_identifier_type",
    }, {"organization_id": ("provider", "organization")}),
    Table("service_at_location", ServiceAtLocation, {"description": "description"}, {
        "service_id": ("service", "service"), "location_id": ("location", "location"),
    }, one_of=("service_id",)),
    Table("contact", Contact, {"name": "name", "title": "title", "department": "department", "email": "email"}, {
        "organization_id": ("provider", "organization"), "service_id": ("service", "service"),
        "location_id": ("location", "location"),
    }, one_of=("organization_id", "service_id", "location_id")),
    Table("phone", Phone, {"number": "number", "extension": "extension", "type": "type", "description": "description"}, {
        "location_id": ("location", "location"), "service_id": ("service", "service"),
        "organization_id": ("provider", "organization"), "contact_id": ("contact", "contact"),
    }, one_of=("location_id", "service_id", "organization_id", "contact_id")),
    Table("address", Address, {
        "attention": "attention", "address_1": "address_1", "address_2": "address_2", "city": "city",
        "region": "region", "state_province": "state_province", "postal_code": "postal_code",
        "country": "country", "address_type": "address_type",
    }, {"location_id": ("location", "location")}, one_of=("location_id",)),
    Table("schedule", Schedule, {
        "valid_from": "valid_from", "valid_to": "valid_to", "freq": "freq", "interval": "interval",
        "byday": "byday", "description": "description", "opens_at": "opens_at", "closes_at": "closes_at",
        "attending_type": "attending_type", "notes": "notes",
    }, {"service_id": ("service", "service"), "location_id": ("location", "location")},
        one_of=("service_id", "location_id")),
    Table("service_area", ServiceArea, {
        "name": "name", "description": "description", "extent": "extent", "extent_type": "extent_type", "uri": "uri",
    }, {"service_id": ("service", "service")}, one_of=("service_id",)),
    Table("cost_option", CostOption, {
        "valid_from": "valid_from", "valid_to": "valid_to", "option": "option", "currency": "currency",
        "amount": "amount", "amount_description": "amount_description",
    }, {"service_id": ("service", "service")}, one_of=("service_id",)),
    Table("language", Language, {"name": "name", "code": "code", "note": "note"}, {
        "service_id": ("service", "service"), "location_id": ("location", "location"), "phone_id": ("phone", "phone"),
    }, one_of=("service_id", "location_id", "phone_id")),
    Table("accessibility", Accessibility, {"description": "description", "details": "details", "url": "url"},
          {"location_id": ("location", "location")}, one_of=("location_id",)),
    # The attribute's link (link_id + link_entity) is handled by the exporter and importer themselves.
    Table("attribute", Attribute, {"link_type": "link_type", "value": "value"},
          {"taxonomy_term_id": ("term", "taxonomy_term")}, one_of=("taxonomy_term_id",)),
]
BY_RESOURCE = {table.resource: table for table in TABLES}
BY_PATH = {table.path: table for table in TABLES}
# Columns HSDS requires that the directory may hold empty: filled from another column of the row.
REQUIRED_FALLBACKS = {
    ("organization", "description"): "name",
    ("taxonomy", "description"): "name",
    ("taxonomy_term", "description"): "name",
}
# Attribute links: HSDS link_entity -> the attribute's foreign key and the referenced resource.
ATTRIBUTE_LINKS = {"service": ("service", "service"), "location": ("location", "location"),
                   "organization": ("provider", "organization")}


def fill_required(resource: str, row: dict[str, Any]) -> dict[str, Any]:
    for (table, column), source in REQUIRED_FALLBACKS.items():
        if table == resource and not row.get(column):
            row[column] = row.get(source, "")
    return row


def to_text(value: Any) -> str:
    """A stored value as the CSV files and the JSON carry it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
