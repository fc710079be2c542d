"""HSDS 3.0 JSON documents of services, organizations and taxonomy terms (the open API).

Built from the same column mapping as the CSV export (tables.py). Empty values
are left out: HSDS has no nullable properties, and "" is not a valid uuid, uri
or e-mail address.

These documents are public. A location whose address is confidential (a
women's shelter) comes without addresses, coordinates and directions: absent,
as HSDS says "unknown", since null is not valid in HSDS.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from beistand.directory.hsds.tables import ATTRIBUTE_LINKS, BY_RESOURCE, fill_required, to_text
from beistand.directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Phone,
    Provider,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

NUMBER_FIELDS = ("FloatField", "PositiveSmallIntegerField", "PositiveIntegerField", "DecimalField")


def plain(resource: str, obj: Model) -> dict[str, Any]:
    """The one-to-one properties of a row, as HSDS names them."""
    table = BY_RESOURCE[resource]
    document: dict[str, Any] = {"id": str(obj.public_id)}  # type: ignore[attr-defined]
    for column, name in table.fields.items():
        value = getattr(obj, name)
        if value is None or value == "":
            continue
        kind = obj._meta.get_field(name).get_internal_type()  # type: ignore[union-attr]  # a concrete field
        document[column] = (float(value) if isinstance(value, Decimal) else value) if kind in NUMBER_FIELDS else to_text(value)
    for column, (fk, _target) in table.references.items():
        related_id = getattr(obj, f"{fk}_id")
        if related_id is not None:
            document[column] = str(getattr(obj, fk).public_id)
    return fill_required(resource, document)


# --- Services ------------------------------------------------------------------------------


def services_for_api(services: QuerySet[Service], full: bool) -> QuerySet[Service]:
    services = services.select_related("provider")
    if not full:
        return services
    return services.prefetch_related(
        Prefetch("phones", queryset=Phone.objects.prefetch_related("languages").order_by("pk")),
        "schedules", "service_areas", "languages", "contacts", "cost_options",
        Prefetch("attributes", queryset=_attributes()),
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location", "service").prefetch_related(
            Prefetch("location__addresses", queryset=Address.objects.order_by("pk")),
            "location__phones", "location__schedules", "location__accessibility", "location__languages",
            Prefetch("location__attributes", queryset=_attributes()),
            "location__provider",
        ).order_by("pk")),
    )


def _attributes() -> QuerySet[Attribute]:
    return Attribute.objects.select_related("term__taxonomy", "term__parent", "service", "location", "provider").order_by("pk")


def service_summary(service: Service) -> dict[str, Any]:
    """A service in a list: one-to-one fields and its organization."""
    return {**plain("service", service), "organization": organization_summary(service.provider)}


def service_document(service: Service) -> dict[str, Any]:
    """The fully nested service."""
    return {
        **service_summary(service),
        "phones": [phone_document(phone) for phone in service.phones.all()],
        "schedules": [plain("schedule", schedule) for schedule in service.schedules.all()],
        "service_areas": [plain("service_area", area) for area in service.service_areas.all()],
        "service_at_locations": [_service_at_location(link) for link in service.at_locations.all()],
        "languages": [plain("language", language) for language in service.languages.all()],
        "contacts": [plain("contact", contact) for contact in service.contacts.all()],
        "cost_options": [plain("cost_option", option) for option in service.cost_options.all()],
        "attributes": [attribute_document(attribute) for attribute in service.attributes.all()],
    }


def _service_at_location(link: ServiceAtLocation) -> dict[str, Any]:
    return {**plain("service_at_location", link), "location": location_document(link.location)}


# What a confidential location never shows to the public: where it is, and how to get there.
CONFIDENTIAL_LOCATION_FIELDS = ("latitude", "longitude", "transportation")


def location_document(location: Location) -> dict[str, Any]:
    document = plain("location", location)
    confidential = location.address_is_confidential
    if confidential:
        document = {name: value for name, value in document.items() if name not in CONFIDENTIAL_LOCATION_FIELDS}
    return {
        **document,
        "addresses": [] if confidential else [plain("address", address) for address in location.addresses.all()],
        "phones": [phone_document(phone) for phone in location.phones.all()],
        "schedules": [plain("schedule", schedule) for schedule in location.schedules.all()],
        "accessibility": [plain("accessibility", entry) for entry in location.accessibility.all()],
        "languages": [plain("language", language) for language in location.languages.all()],
        "attributes": [attribute_document(attribute) for attribute in location.attributes.all()],
    }


def phone_document(phone: Phone) -> dict[str, Any]:
    languages: list[Language] = list(phone.languages.all())
    return {**plain("phone", phone), "languages": [plain("language", language) for language in languages]}


def attribute_document(attribute: Attribute) -> dict[str, Any]:
    document = plain("attribute", attribute)
    for entity, (fk, _target) in ATTRIBUTE_LINKS.items():
        linked = getattr(attribute, f"{fk}_id")
        if linked is not None:
            document["link_id"], document["link_entity"] = str(getattr(attribute, fk).public_id), entity
    return {**document, "taxonomy_term": term_document(attribute.term)}


def term_document(term: TaxonomyTerm) -> dict[str, Any]:
    document = plain("taxonomy_term", term)
    document["taxonomy"] = term.taxonomy.name
    return document


# --- Organizations --------------------------------------------------------------------------


def organization_summary(provider: Provider) -> dict[str, Any]:
    return plain("organization", provider)


def organization_document(provider: Provider, services: list[Service]) -> dict[str, Any]:
    return {**organization_summary(provider), "services": [plain("service", service) for service in services]}
