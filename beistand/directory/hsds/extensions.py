"""The directory's own location flag in an HSDS package: a confidential address as an attribute.

HSDS 3.0 has no field for "this address is only for staff" and a package may
not add columns, so the export writes one attribute per confidential location:
linked to the location, with the term CONFIDENTIAL_ADDRESS of the features
taxonomy, and an id derived from the location's id (the same in every export).
The import reads such an attribute back into `Location.address_is_confidential`
instead of keeping it as an attribute. An import only ever sets the flag: a
package without the attribute (from another directory, or an older export)
leaves a shelter's address confidential, as a mistake here must fail closed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from beistand.directory.choices import CONFIDENTIAL_ADDRESS
from beistand.directory.models import Location, TaxonomyTerm
from beistand.directory.taxonomy_defaults import default_id


def attribute_id(location_id: uuid.UUID | str) -> str:
    return str(uuid.uuid5(default_id(CONFIDENTIAL_ADDRESS), str(location_id)))


def term_id() -> int | None:
    """The key of the flag's term (None if an installation lacks it: then nothing is carried)."""
    return TaxonomyTerm.objects.filter(code=CONFIDENTIAL_ADDRESS).values_list("pk", flat=True).first()


def attribute_rows(locations: QuerySet[Location]) -> Iterator[dict[str, str]]:
    """The attributes.csv rows that carry the flag of these locations, in the locations' order."""
    term = TaxonomyTerm.objects.filter(code=CONFIDENTIAL_ADDRESS).values_list("public_id", flat=True).first()
    if term is None:
        return
    confidential = locations.filter(address_is_confidential=True).order_by("pk").values_list("public_id", flat=True)
    for location_id in confidential.iterator():
        yield {"id": attribute_id(location_id), "link_id": str(location_id), "taxonomy_term_id": str(term),
               "link_entity": "location"}


def is_flag(values: dict[str, Any], term: int | None) -> bool:
    """Whether a checked attribute row (its keys resolved) is the flag rather than an attribute to keep."""
    return term is not None and values.get("term_id") == term


def mark_confidential(location_ids: set[int]) -> int:
    """Sets the flag; returns how many locations changed. The help finder hears of it with the
    import's own signal once the import is committed (directory.signals.imported)."""
    return Location.objects.filter(pk__in=location_ids, address_is_confidential=False).update(address_is_confidential=True)
