"""The shipped HSDS 3.0 schemas, and a small validator for the part of JSON Schema they use.

The validator knows what the HSDS schemas use: type (string, number, integer,
boolean, array, object), required, properties, items, enum, $ref to sibling
files, and the formats uuid, email, uri, date and date-time. Property values
of null are not allowed (HSDS has no nullable fields): absent is the way to say
"unknown". Tests use it to check the API's JSON and the exported CSV files.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "data" / "hsds-3.0"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:\S+$")


@functools.cache
def datapackage() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "datapackage.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    format: str | None
    required: bool
    enum: tuple[str, ...]


@functools.cache
def resource_columns(resource: str) -> tuple[Column, ...]:
    """The columns of one table of the tabular data package, in the standard's order."""
    for entry in datapackage()["resources"]:
        if entry["name"] == resource:
            return tuple(
                Column(
                    name=field["name"], type=field["type"], format=field.get("format"),
                    required=bool(field.get("constraints", {}).get("required")),
                    enum=tuple(field.get("constraints", {}).get("enum", ())),
                )
                for field in entry["schema"]["fields"]
            )
    raise KeyError(resource)


def resource_entry(resource: str) -> dict[str, Any]:
    return next(entry for entry in datapackage()["resources"] if entry["name"] == resource)


@functools.cache
def json_schema(name: str) -> dict[str, Any]:
    """A schema file by name: "service.json" or "compiled/service_list.json"."""
    return json.loads((SCHEMA_DIR / "schema" / name).read_text(encoding="utf-8"))


def validate(instance: Any, schema_name: str) -> list[str]:
    """Every violation of the schema, each with the path to the value ("" at the top)."""
    problems: list[str] = []
    _check(instance, json_schema(schema_name), "$", problems, base=schema_name)
    return problems


def _check(value: Any, schema: dict[str, Any], path: str, problems: list[str], base: str) -> None:
    if "$ref" in schema:
        reference = schema["$ref"]
        folder = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
        target = reference if reference.startswith("compiled/") else folder + reference
        _check(value, json_schema(target), path, problems, base=target)
        return
    if value is None:
        problems.append(f"{path}: null is not allowed")
        return
    expected = schema.get("type")
    if expected and not _has_type(value, expected):
        problems.append(f"{path}: expected {expected}, got {type(value).__name__}")
        return
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str) and schema.get("format"):
        problem = format_problem(value, schema["format"])
        if problem:
            problems.append(f"{path}: {problem}")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{path}: missing required property {name!r}")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                _check(value[name], sub, f"{path}.{name}", problems, base)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            _check(item, schema["items"], f"{path}[{index}]", problems, base)


def _has_type(value: Any, expected: str) -> bool:
    if expected == "string":
        return isinstance(value, str)
    if expected in ("number", "integer"):
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return is_number and (expected == "number" or float(value).is_integer())
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "array":
        return isinstance(value, list)
    if expected == "object":
        return isinstance(value, dict)
    return True


def format_problem(value: str, kind: str) -> str:
    """Why the text does not have the format ("" if it has)."""
    try:
        if kind == "uuid":
            uuid.UUID(value)
        elif kind == "email" and not EMAIL.match(value):
            return f"{value!r} is not an e-mail address"
        elif kind == "uri" and not URI.match(value):
            return f"{value!r} is not an address (URI)"
        elif kind == "date":
            datetime.date.fromisoformat(value)
        elif kind == "date-time":
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"{value!r} is not a valid {kind}"
    return ""


def tabular_problems(resource: str, row: dict[str, str]) -> list[str]:
    """Every way a CSV row breaks its table's schema in the tabular data package (datapackage.json)."""
    problems = []
    for column in resource_columns(resource):
        value = row.get(column.name, "")
        if value == "":
            if column.required:
                problems.append(f"{column.name}: required")
            continue
        if column.enum and value not in column.enum:
            problems.append(f"{column.name}: {value!r} is not one of {list(column.enum)}")
        problem = format_problem(value, column.format) if column.format else _tabular_type_problem(value, column.type)
        if problem:
            problems.append(f"{column.name}: {problem}")
    return problems


def _tabular_type_problem(value: str, kind: str) -> str:
    parsers: dict[str, Callable[[str], object]] = {
        "number": float,
        "date": datetime.date.fromisoformat,
        "time": datetime.time.fromisoformat,
        "datetime": lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00")),
    }
    try:
        parsers.get(kind, str)(value)
    except ValueError:
        return f"{value!r} is not a valid {kind}"
    return ""
