"""Checking one CSV row of the import: values parsed into the model's types, or plain-language reasons why not."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beistand.directory.hsds.tables import ATTRIBUTE_LINKS, Table
from beistand.directory.validation import clean_phone, coordinates_problem, markup_in, parse_days

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
URL = URLValidator(schemes=["http", "https"])

Checked = tuple[dict[str, Any], dict[str, str], list[str]]


class RowChecker:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.required = {column.name for column in table.columns if column.required and column.name in table.fields}

    def check(self, row: dict[str, str]) -> Checked:
        """(values by model field, references by column, problems)."""
        problems = _shape_problems(row)
        row_id = row.get("id", "")
        if not row_id:
            problems.append(_("The id is missing."))
        elif not _is_uuid(row_id):
            problems.append(_("The id %(id)s is not a UUID (HSDS ids look like 3f7b145d-84af-42d7-8fae-eaca714b02b2).") % {"id": row_id[:60]})
        values: dict[str, Any] = {}
        for column, name in self.table.fields.items():
            value, problem = parse_value(column, row.get(column, ""), self.table.model._meta.get_field(name), column in self.required)
            if problem:
                problems.append(problem)
            else:
                values[name] = value
        references = self._references(row, values, problems)
        if not problems:
            problems += SPECIFIC.get(self.table.resource, _nothing)(values, row)
        return values, references, problems

    def _references(self, row: dict[str, str], values: dict[str, Any], problems: list[str]) -> dict[str, str]:
        references: dict[str, str] = {}
        for column, (fk, _target) in self.table.references.items():
            text = row.get(column, "")
            if text and not _is_uuid(text):
                problems.append(_("%(column)s %(id)s is not a UUID.") % {"column": column, "id": text[:60]})
            elif text:
                references[column] = text
            else:
                values[f"{fk}_id"] = None
        if self.table.resource == "attribute":
            _attribute_link(row, values, references, problems)
        elif self.table.one_of and not any(column in references for column in self.table.one_of):
            problems.append(_("The row belongs nowhere: give %(columns)s.") % {"columns": _(" or ").join(self.table.one_of)})
        return references


def _shape_problems(row: dict[str, str]) -> list[str]:
    if "__extra__" in row:
        return [_("The row has %(count)s value(s) more than the header has columns (a comma too many, or quotes missing?).") % {"count": row["__extra__"]}]
    if "__missing__" in row:
        return [_("The row has %(count)s value(s) fewer than the header has columns.") % {"count": row["__missing__"]}]
    return []


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _attribute_link(row: dict[str, str], values: dict[str, Any], references: dict[str, str], problems: list[str]) -> None:
    entity, link_id = row.get("link_entity", "").lower(), row.get("link_id", "")
    for fk, _target in ATTRIBUTE_LINKS.values():
        values[f"{fk}_id"] = None
    if entity not in ATTRIBUTE_LINKS:
        problems.append(_("link_entity %(entity)s is not supported (use service, location or organization).") % {"entity": entity[:40] or "–"})
    elif not _is_uuid(link_id):
        problems.append(_("link_id %(id)s is not a UUID.") % {"id": link_id[:60] or "–"})
    else:
        values["__link_entity__"] = entity
        references["link_id"] = link_id
    if "taxonomy_term_id" not in references:
        problems.append(_("The attribute needs its taxonomy_term_id."))


# --- Values ------------------------------------------------------------------------------


def parse_value(column: str, text: str, field: Any, required: bool) -> tuple[Any, str]:
    """(the value in the field's type, "" or a reason)."""
    if text == "":
        if required or (not field.blank and not field.null and not field.has_default()):
            return None, _("%(column)s is required.") % {"column": column}
        return (None if field.null else field.get_default()), ""
    kind = kind_of(field)
    try:
        value = PARSERS.get(kind, _text)(text, field)
    except (ValueError, InvalidOperation, ValidationError):
        return None, _("%(column)s: “%(value)s” is not a valid %(kind)s.") % {
            "column": column, "value": text[:60], "kind": KIND_NAMES.get(kind, _("value"))}
    return value, _value_problem(column, value, field)


def _value_problem(column: str, value: Any, field: Any) -> str:
    if isinstance(value, str):
        if field.max_length and len(value) > field.max_length:
            return _("%(column)s is too long (at most %(max)s characters).") % {"column": column, "max": field.max_length}
        if field.choices and value not in {choice for choice, _label in field.choices}:
            return _("%(column)s: “%(value)s” is not one of %(choices)s.") % {
                "column": column, "value": value[:40], "choices": ", ".join(str(choice) for choice, _label in field.choices)}
        found = markup_in(value) if kind_of(field) in ("CharField", "TextField") else ""
        if found:
            return _("%(column)s contains markup (“%(markup)s”): descriptions are plain text.") % {"column": column, "markup": found}
    try:
        for validator in field.validators:
            if kind_of(field) not in ("EmailField", "URLField"):  # checked while parsing, with a clearer message
                validator(value)
    except ValidationError:
        return _("%(column)s: “%(value)s” is out of range.") % {"column": column, "value": value}
    return ""


def kind_of(field: Any) -> str:
    """The field's type by name; e-mail and URL fields count as their own kinds (Django calls them CharField)."""
    if isinstance(field, models.EmailField):
        return "EmailField"
    if isinstance(field, models.URLField):
        return "URLField"
    return str(field.get_internal_type())


def _text(text: str, field: Any) -> str:
    kind = kind_of(field)
    if kind == "EmailField":
        validate_email(text)
    elif kind == "URLField":
        URL(text)
    return text


def _number(text: str, field: Any) -> float:
    return float(text.replace(",", "."))


def _whole(text: str, field: Any) -> int:
    number = Decimal(text.replace(",", "."))
    if number != number.to_integral_value() or number < 0:
        raise ValueError(text)
    return int(number)


def _decimal(text: str, field: Any) -> Decimal:
    return Decimal(text.replace(",", "."))


def _date(text: str, field: Any) -> datetime.date:
    german = GERMAN_DATE.match(text)
    if german:
        day, month, year = (int(part) for part in german.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(text)


def _time(text: str, field: Any) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _datetime(text: str, field: Any) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


PARSERS = {
    "FloatField": _number, "PositiveSmallIntegerField": _whole, "PositiveIntegerField": _whole,
    "DecimalField": _decimal, "DateField": _date, "TimeField": _time, "DateTimeField": _datetime,
    "CharField": _text, "TextField": _text, "EmailField": _text, "URLField": _text, "SlugField": _text,
}


KIND_NAMES = {
    "FloatField": gettext_lazy("number"), "PositiveSmallIntegerField": gettext_lazy("whole number"),
    "PositiveIntegerField": gettext_lazy("whole number"), "DecimalField": gettext_lazy("amount"),
    "DateField": gettext_lazy("date (YYYY-MM-DD)"), "TimeField": gettext_lazy("time (HH:MM)"),
    "DateTimeField": gettext_lazy("date and time (ISO 8601)"), "EmailField": gettext_lazy("e-mail address"),
    "URLField": gettext_lazy("web address (http/https)"),
}


# --- What each table checks besides its values ----------------------------------------------------


def _nothing(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    return []


def _service(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    low, high = values.get("minimum_age"), values.get("maximum_age")
    if low is not None and high is not None and low > high:
        return [_("maximum_age is below minimum_age.")]
    return []


def _location(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    problem = coordinates_problem(values.get("latitude"), values.get("longitude"))
    return [problem] if problem else []


def _phone(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    shown, problem = clean_phone(values.get("number") or "")
    values["number"] = shown
    return [problem] if problem else []


def _schedule(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    problems = []
    days, problem = parse_days(values.get("byday") or "")
    values["byday"] = ",".join(days)
    if problem:
        problems.append(problem)
    freq = (values.get("freq") or "").upper()
    if freq not in ("", "WEEKLY"):
        problems.append(_("Only weekly opening hours are supported (freq WEEKLY), not %(freq)s.") % {"freq": freq[:20]})
    values["freq"] = "WEEKLY"
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if opens and closes and closes <= opens:
        problems.append(_("closes_at %(closes)s is not after opens_at %(opens)s.") % {"closes": f"{closes:%H:%M}", "opens": f"{opens:%H:%M}"})
    if (opens or closes) and not days:
        problems.append(_("Opening times need their weekdays (byday, e.g. MO,TU)."))
    return problems


def _language(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    code = values.get("code") or ""
    if not LANGUAGE_CODE.match(code):
        return [_("code “%(code)s” is not a language code (ISO 639, e.g. ar, tr, de).") % {"code": code[:20]}]
    return []


def _address(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    country = (values.get("country") or "").upper()
    values["country"] = country
    if not re.fullmatch(r"[A-Z]{2}", country):
        return [_("country “%(country)s” is not a two-letter country code (DE).") % {"country": country[:20]}]
    if country == "DE" and not re.fullmatch(r"\d{5}", values.get("postal_code") or ""):
        return [_("postal_code “%(code)s” is not a German postcode of five digits.") % {"code": (values.get("postal_code") or "")[:20]}]
    return []


def _term(values: dict[str, Any], row: dict[str, str]) -> list[str]:
    code = values.get("code") or ""
    if not code:
        values["code"] = code = f"{slugify(values.get('name') or '')[:60] or 'term'}-{row.get('id', '')[:8]}"
    try:
        validate_slug(code)
    except ValidationError:
        return [_("code “%(code)s” may hold only letters, digits, hyphens and underscores.") % {"code": code[:40]}]
    return []


SPECIFIC = {
    "service": _service, "location": _location, "phone": _phone, "schedule": _schedule,
    "language": _language, "address": _address, "taxonomy_term": _term,
}

