"""Loads the shipped region data (data/regions/, see data/README.md) into the database.

`load_regions` is an idempotent upsert: it creates what is missing, updates what
changed and leaves everything else alone, so running it again costs a few reads.
It works with the real models and with the historical models of a migration,
filling only the fields that the given models have. Rows that disappear from the
data are not deleted (centres may still point to them); postcode links are
derived data and are synchronised exactly.
"""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "regions"
FILES = (
    "states",
    "administrative_regions",
    "districts",
    "municipalities",
    "postcodes",
    "postcode_districts",
    "postcode_municipalities",
)
BATCH_SIZE = 500  # ids per DELETE, below SQLite's variable limit on every version we support


Data = dict[str, list[dict[str, str]]]
Rows = list[dict[str, Any]]
Keys = dict[str, int]


class RegionDataMissing(RuntimeError):
    """The data files are not where the loader expects them."""


def name_key(name: str) -> str:
    """Folds a place name for search: case, umlauts, diacritics, punctuation, "St."/"Sankt".

    "Köln", "koeln", "KOELN" and "Koln" all become "koln"; "Münster" and
    "Muenster" become "munster". scripts/build_regions.py has a copy of this.
    """
    text = name.casefold().replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bst\b", "sankt", text)
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


@dataclass(frozen=True)
class RegionModels:
    """The five region models, real or historical."""

    State: type[models.Model]
    AdministrativeRegion: type[models.Model]
    District: type[models.Model]
    Municipality: type[models.Model]
    Postcode: type[models.Model]

    @classmethod
    def from_apps(cls, apps: Any) -> RegionModels:
        names = ("State", "AdministrativeRegion", "District", "Municipality", "Postcode")
        return cls(*(apps.get_model("network", name) for name in names))

    @classmethod
    def current(cls) -> RegionModels:
        from beistand.network import models as network

        return cls(
            network.State,
            network.AdministrativeRegion,
            network.District,
            network.Municipality,
            network.Postcode,
        )


@dataclass
class LoadResult:
    counts: dict[str, int]
    created: int = 0
    updated: int = 0
    deleted_links: int = 0


def load_regions_for_migration(apps: Any, schema_editor: Any) -> None:
    """Loads data/regions/ into the historical models of a migration."""
    load_regions(RegionModels.from_apps(apps), using=schema_editor.connection.alias)


def load_regions(
    models: RegionModels | None = None,
    data_dir: Path | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> LoadResult:
    data = read_data(data_dir or DATA_DIR)
    loader = _Loader(models or RegionModels.current(), using)
    with transaction.atomic(using=using):
        loader.load(data)
    return loader.result


# ---------------------------------------------------------------- reading


def read_data(data_dir: Path) -> Data:
    return {name: list(_read_csv(data_dir, name)) for name in FILES}


def _read_csv(data_dir: Path, name: str) -> Iterator[dict[str, str]]:
    plain, packed = data_dir / f"{name}.csv", data_dir / f"{name}.csv.gz"
    if plain.exists():
        with plain.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    elif packed.exists():
        with gzip.open(packed, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    else:
        raise RegionDataMissing(
            f"Region data file {plain} is missing. The files in data/regions/ belong to "
            "the repository; restore them (git checkout -- data/regions) or rebuild them "
            "with scripts/build_regions.py."
        )


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def _float_or_none(value: str) -> float | None:
    return float(value) if value else None


# ---------------------------------------------------------------- writing


class _Loader:
    def __init__(self, models: RegionModels, using: str) -> None:
        self.models = models
        self.using = using
        self.result = LoadResult(counts={})

    def load(self, data: Data) -> None:
        models = self.models
        states = self.upsert("states", models.State, "ags", self.state_rows(data))
        regions = self.upsert(
            "administrative_regions",
            models.AdministrativeRegion,
            "ags",
            self.region_rows(data, states),
        )
        districts = self.upsert(
            "districts", models.District, "ags", self.district_rows(data, states, regions)
        )
        municipalities = self.upsert(
            "municipalities", models.Municipality, "ags", self.municipality_rows(data, districts)
        )
        postcodes = self.upsert(
            "postcodes",
            models.Postcode,
            "code",
            self.postcode_rows(data, districts, municipalities),
        )
        self.link(
            "districts", postcodes, districts, data["postcode_districts"], "district_ags"
        )
        self.link(
            "municipalities",
            postcodes,
            municipalities,
            data["postcode_municipalities"],
            "municipality_ags",
        )

    # Rows, with foreign keys resolved to primary keys.

    @staticmethod
    def state_rows(data: Data) -> Rows:
        return [{"ags": r["ags"], "code": r["code"], "name": r["name"]} for r in data["states"]]

    @staticmethod
    def region_rows(data: Data, states: Keys) -> Rows:
        return [
            {"ags": r["ags"], "name": r["name"], "state_id": states[r["state_ags"]]}
            for r in data["administrative_regions"]
        ]

    @staticmethod
    def district_rows(data: Data, states: Keys, regions: Keys) -> Rows:
        return [
            {
                "ags": r["ags"],
                "name": r["name"],
                "name_key": name_key(r["name"]),
                "kind": r["kind"],
                "population": _int_or_none(r["population"]),
                "state_id": states[r["state_ags"]],
                "administrative_region_id": regions.get(r["administrative_region_ags"]),
            }
            for r in data["districts"]
        ]

    @staticmethod
    def municipality_rows(data: Data, districts: Keys) -> Rows:
        return [
            {
                "ags": r["ags"],
                "name": r["name"],
                "name_key": name_key(r["name"]),
                "district_id": districts[r["district_ags"]],
                "population": _int_or_none(r["population"]),
            }
            for r in data["municipalities"]
        ]

    @staticmethod
    def postcode_rows(data: Data, districts: Keys, municipalities: Keys) -> Rows:
        main_district = {
            r["code"]: districts[r["district_ags"]]
            for r in data["postcode_districts"]
            if r["main"] == "1"
        }
        main_municipality = {
            r["code"]: municipalities[r["municipality_ags"]]
            for r in data["postcode_municipalities"]
            if r["main"] == "1"
        }
        return [
            {
                "code": r["code"],
                "latitude": _float_or_none(r["latitude"]),
                "longitude": _float_or_none(r["longitude"]),
                "main_district_id": main_district.get(r["code"]),
                "main_municipality_id": main_municipality.get(r["code"]),
            }
            for r in data["postcodes"]
        ]

    # Generic upsert and link synchronisation.

    def upsert(
        self, label: str, model: type[models.Model], key: str, rows: Rows
    ) -> Keys:
        """Creates missing rows, updates changed ones; returns natural key -> primary key."""
        fields = [f for f in rows[0] if f != key and _has_field(model, f)]
        manager = model._default_manager.db_manager(self.using)
        existing = {row[key]: row for row in manager.values("pk", key, *fields)}
        create, update = [], []
        for row in rows:
            values = {f: row[f] for f in fields}
            current = existing.get(row[key])
            if current is None:
                create.append({key: row[key], **values})
            elif any(current[f] != value for f, value in values.items()):
                update.append((current["pk"], values))
        self.insert_rows(model, create)
        self.update_rows(model, fields, update)
        self.result.created += len(create)
        self.result.updated += len(update)
        self.result.counts[label] = len(rows)
        return dict(manager.values_list(key, "pk"))

    def insert_rows(self, model: type[models.Model], rows: Rows) -> None:
        """Plain INSERTs through executemany: bulk_create spends seconds building objects.
        Columns the rows leave out get their field's default, as bulk_create would."""
        if not rows:
            return
        connection = connections[self.using]
        quote = connection.ops.quote_name
        columns = [f for f in model._meta.concrete_fields if not f.primary_key]
        names = ", ".join(quote(c.column) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - names from model metadata, values as parameters
        params = [[_db_value(c, row, connection) for c in columns] for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def update_rows(
        self, model: type[models.Model], fields: list[str], rows: list[tuple[int, dict]]
    ) -> None:
        """One UPDATE per row through executemany: bulk_update builds a CASE expression
        per row and field, which costs seconds for the ~20,000 rows a new field touches."""
        if not rows:
            return
        connection = connections[self.using]
        quote = connection.ops.quote_name
        columns = [_concrete_field(model, f) for f in fields]
        assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
        key = quote(_concrete_field(model, "pk").column)
        sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from model metadata, values as parameters
        params = [
            [c.get_db_prep_save(values[f], connection) for c, f in zip(columns, fields, strict=True)]
            + [pk]
            for pk, values in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def link(
        self,
        field_name: str,
        postcodes: Keys,
        targets: Keys,
        rows: list[dict[str, str]],
        target_column: str,
    ) -> None:
        """Makes the postcode <-> target links exactly those of the data file."""
        field: Any = self.models.Postcode._meta.get_field(field_name)
        through = field.remote_field.through
        left, right = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        wanted = {(postcodes[r["code"]], targets[r[target_column]]) for r in rows}
        manager = through._default_manager.db_manager(self.using)
        existing = {(a, b): pk for pk, a, b in manager.values_list("pk", left, right)}
        stale = [pk for pair, pk in existing.items() if pair not in wanted]
        for start in range(0, len(stale), BATCH_SIZE):
            manager.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
        new = [{left: a, right: b} for a, b in sorted(wanted - existing.keys())]
        self.insert_rows(through, new)
        self.result.created += len(new)
        self.result.deleted_links += len(stale)
        self.result.counts[f"postcode_{field_name}"] = len(wanted)


def _concrete_field(model: type[models.Model], name: str) -> Any:
    """A column by field name or attname ("state" or "state_id"); "pk" for the key."""
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname) or (name == "pk" and field.primary_key):
            return field
    raise FieldDoesNotExist(f"{model.__name__} has no column {name}")


def _db_value(field: Any, row: dict, connection: Any) -> Any:
    value = row[field.attname] if field.attname in row else field.get_default()
    return field.get_db_prep_save(value, connection)


def _has_field(model: type[models.Model], name: str) -> bool:
    """Historical models of older migrations lack the fields added later."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
