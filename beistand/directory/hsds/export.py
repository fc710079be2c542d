"""Export as an HSDS 3.0 tabular data package: one CSV per table plus datapackage.json, in a ZIP.

Streamed: rows come from the database in chunks and leave as compressed bytes
while the next ones are read, so memory does not grow with the directory.
Only the entries in the given queryset (what the exporting user reads) and
what hangs off them are written; the taxonomies are shared and written whole.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet

from beistand.directory.hsds import extensions
from beistand.directory.hsds.schema import datapackage
from beistand.directory.hsds.tables import (
    ATTRIBUTE_LINKS,
    BY_RESOURCE,
    TABLES,
    Table,
    fill_required,
    to_text,
)
from beistand.directory.models import Contact, Location, Phone, Provider, Service, ServiceAtLocation

CHUNK_ROWS = 1000


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken away after each write (for a streamed ZIP)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.written += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.written

    def take(self) -> bytes:
        chunk, self.parts = b"".join(self.parts), []
        return chunk


def zip_stream(services: QuerySet[Service]) -> Iterator[bytes]:
    """The data package of these entries as ZIP bytes, piece by piece."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        scopes = row_scopes(services)
        for table in TABLES:
            with archive.open(table.path, "w", force_zip64=True) as member:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                for _count in write_csv(text, table, scopes[table.resource], _extension_rows(table, scopes)):
                    text.flush()
                    yield from _taken(pipe)
                text.flush()
                text.detach()
            yield from _taken(pipe)
        archive.writestr("datapackage.json", json.dumps(package_descriptor(), indent=2, ensure_ascii=False))
    yield from _taken(pipe)


def _taken(pipe: _Pipe) -> Iterator[bytes]:
    chunk = pipe.take()
    if chunk:
        yield chunk


def _extension_rows(table: Table, scopes: dict[str, QuerySet[Any]]) -> Iterable[dict[str, str]]:
    """Rows the directory adds for what HSDS has no column for (the confidential address)."""
    return extensions.attribute_rows(scopes["location"]) if table.resource == "attribute" else ()


def write_csv(out: Any, table: Table, rows: QuerySet[Any], extra: Iterable[dict[str, str]] = ()) -> Iterator[int]:
    """Writes the header, the rows and `extra` after them; yields after each chunk so the caller can
    pass the bytes on."""
    writer = csv.writer(out, lineterminator="\r\n")
    columns = [column.name for column in table.columns]
    writer.writerow(columns)
    written = 0
    for values in itertools.chain(rows_of(table, rows), extra):
        writer.writerow([values.get(column, "") for column in columns])
        written += 1
        if written % CHUNK_ROWS == 0:
            yield written
    yield written


def rows_of(table: Table, rows: QuerySet[Any]) -> Iterator[dict[str, str]]:
    """Each row as {HSDS column: text}, read in chunks."""
    plain = list(table.fields.items())
    references = list(table.references.items())
    names = ["public_id", *(name for _column, name in plain), *(f"{fk}__public_id" for _column, (fk, _r) in references)]
    if table.resource == "attribute":
        names += [f"{fk}__public_id" for fk, _target in ATTRIBUTE_LINKS.values()]
    for values in rows.order_by("pk").values_list(*names).iterator(chunk_size=CHUNK_ROWS):
        row = {"id": to_text(values[0])}
        for offset, (column, _name) in enumerate(plain, start=1):
            row[column] = to_text(values[offset])
        for offset, (column, _ref) in enumerate(references, start=1 + len(plain)):
            row[column] = to_text(values[offset])
        if table.resource == "attribute":
            _add_link(row, values[1 + len(plain) + len(references):])
        yield fill_required(table.resource, row)


def _add_link(row: dict[str, str], links: tuple[Any, ...]) -> None:
    for entity, link_id in zip(ATTRIBUTE_LINKS, links, strict=True):
        if link_id is not None:
            row["link_id"], row["link_entity"] = str(link_id), entity
            return


def row_scopes(services: QuerySet[Service]) -> dict[str, QuerySet[Any]]:
    """For each table, the rows that belong to these entries (taxonomies: all)."""
    providers = Provider.objects.filter(pk__in=services.values("provider"))
    locations = Location.objects.filter(pk__in=ServiceAtLocation.objects.filter(service__in=services).values("location"))
    contacts = Contact.objects.filter(Q(service__in=services) | Q(provider__in=providers) | Q(location__in=locations))
    phones = Phone.objects.filter(
        Q(service__in=services) | Q(provider__in=providers) | Q(location__in=locations) | Q(contact__in=contacts)
    )
    model = {resource: table.model for resource, table in BY_RESOURCE.items()}
    return {
        "organization": providers,
        "taxonomy": model["taxonomy"]._default_manager.all(),
        "taxonomy_term": model["taxonomy_term"]._default_manager.all(),
        "service": services,
        "location": locations,
        "service_at_location": ServiceAtLocation.objects.filter(service__in=services),
        "contact": contacts,
        "phone": phones,
        "address": model["address"]._default_manager.filter(location__in=locations),
        "schedule": model["schedule"]._default_manager.filter(Q(service__in=services) | Q(location__in=locations)),
        "service_area": model["service_area"]._default_manager.filter(service__in=services),
        "cost_option": model["cost_option"]._default_manager.filter(service__in=services),
        "language": model["language"]._default_manager.filter(
            Q(service__in=services) | Q(location__in=locations) | Q(phone__in=phones)
        ),
        "accessibility": model["accessibility"]._default_manager.filter(location__in=locations),
        "attribute": model["attribute"]._default_manager.filter(
            Q(service__in=services) | Q(location__in=locations) | Q(provider__in=providers)
        ),
    }


def package_descriptor() -> dict[str, Any]:
    """datapackage.json: the standard's descriptor, listing the tables this package holds."""
    standard = datapackage()
    written = {table.resource for table in TABLES}
    return {
        **{key: value for key, value in standard.items() if key != "resources"},
        "name": "beistand-referral-directory",
        "title": "Beistand referral directory (Open Referral HSDS 3.0)",
        "resources": [resource for resource in standard["resources"] if resource["name"] in written],
    }
