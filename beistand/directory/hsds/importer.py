"""Import of an HSDS 3.0 tabular data package (a ZIP of CSV files).

Every row is checked, and every bad row is reported with its file, line and
reason: wrong or missing columns, unreadable encodings, duplicate ids, ids
that point nowhere, coordinates outside Germany, phone numbers that are not
numbers, overlapping opening hours, markup in descriptions. Rows are written
inside one transaction while they are read (in batches, so memory does not grow
with the file); if any row was bad, the transaction is rolled back and nothing
is imported — unless the importer asked for the valid rows, then the bad ones
(and the rows that depend on them) are left out.

Existing rows (same id) are updated, but only inside the importer's editing
scope; new entries get the visibility, network and centre chosen on upload.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.directory import access, signals
from beistand.directory.actions import coarsen_confidential
from beistand.directory.choices import ChangeKind
from beistand.directory.hsds import extensions
from beistand.directory.hsds.reading import FileProblem, open_csv
from beistand.directory.hsds.report import FileReport, Options, Report
from beistand.directory.hsds.rows import RowChecker
from beistand.directory.hsds.tables import ATTRIBUTE_LINKS, BY_RESOURCE, TABLES, Table
from beistand.directory.models import (
    Attribute,
    Change,
    Location,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from beistand.directory.validation import Hours, overlapping_hours

BATCH = 500


def import_package(user: Any, upload: BinaryIO, options: Options) -> Report:
    """Checks and imports the package; the report says what happened and what was wrong."""
    report = Report()
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        report.error(_("upload"), None, _("The file is not a ZIP file. Upload the data package as a ZIP of CSV files."))
        return report
    with archive, transaction.atomic():
        run = Run(user, options, archive, report)
        run.all()
        keep = report.error_count == 0 or options.import_valid_rows
        report.imported = keep and report.written > 0
        if not keep:
            transaction.set_rollback(True)
        elif report.imported:
            # A package may bring exact coordinates for a location that is (or stays) confidential.
            coarsen_confidential()
            record(Action.CREATE, object_type="directory.import", object_id=str(run.id),
                   fields=[f.path for f in report.files if f.created or f.updated], category=Category.TECHNICAL, user=user)
            transaction.on_commit(lambda: signals.imported.send(sender=Run))
    return report


class Seen:
    """The ids read so far in this import, with their lines: in a temporary table, not in memory."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS directory_import_seen "
                "(resource VARCHAR(40) NOT NULL, row_id VARCHAR(36) NOT NULL, line INTEGER NOT NULL, "
                "PRIMARY KEY (resource, row_id))"
            )
            cursor.execute("DELETE FROM directory_import_seen")

    def lines(self, resource: str, ids: list[str]) -> dict[str, int]:
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT row_id, line FROM directory_import_seen WHERE resource = %s AND row_id IN ({marks})",  # noqa: S608 - only placeholders are joined in
                [resource, *ids],
            )
            return dict(cursor.fetchall())

    def add(self, resource: str, rows: Iterable[tuple[str, int]]) -> None:
        values = [(resource, row_id, line) for row_id, line in rows]
        if values:
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO directory_import_seen (resource, row_id, line) VALUES (%s, %s, %s)", values)


@dataclass
class Parsed:
    line: int
    id: str
    values: dict[str, Any]
    references: dict[str, str]  # column -> referenced id


class Run:
    def __init__(self, user: Any, options: Options, archive: zipfile.ZipFile, report: Report) -> None:
        self.user, self.options, self.archive, self.report = user, options, archive, report
        self.id = uuid.uuid4()
        self.scope = access.scope_of(user)
        self.taxonomy_editor = access.may_edit_taxonomy(user)
        self.seen = Seen()
        self.now = timezone.now()
        self.table: Table = TABLES[0]
        self.pending_parents: list[tuple[int, str, str]] = []

    # --- Files ------------------------------------------------------------------------------

    def all(self) -> None:
        names = {name.rsplit("/", 1)[-1].lower(): name for name in self.archive.namelist() if not name.endswith("/")}
        known = {table.path for table in TABLES} | {"datapackage.json"}
        for name in sorted(set(names) - known):
            if name.endswith(".csv"):
                self.report.warn(name, None, _("This file is not a table of HSDS 3.0 that the directory keeps; it was skipped."))
        if not any(table.path in names for table in TABLES):
            self.report.error(_("upload"), None, _("The ZIP holds none of the HSDS tables (organizations.csv, services.csv, …)."))
            return
        for table in TABLES:
            if table.path in names:
                self.file(table, names[table.path])

    def file(self, table: Table, name: str) -> None:
        report = FileReport(table.path)
        self.report.files.append(report)
        try:
            opened = open_csv(self.archive, name)
        except FileProblem as problem:
            self.report.error(table.path, None, str(problem))
            return
        if opened.encoding.note:
            self.report.warn(table.path, None, opened.encoding.note)
        if not self.header_fits(table, opened.header):
            return
        checker = RowChecker(table)
        batch: list[tuple[int, dict[str, str]]] = []
        line = 1
        try:
            for line, row in opened.rows:
                report.rows += 1
                batch.append((line, row))
                if len(batch) >= BATCH:
                    self.batch(table, checker, batch, report)
                    batch = []
        except Exception as broken:  # csv.Error, or a decoding error in a strict UTF-8 file
            self.report.error(table.path, line + 1, _("The file cannot be read on from here (%(reason)s).") % {"reason": type(broken).__name__})
        if batch:
            self.batch(table, checker, batch, report)
        if table.resource == "taxonomy_term":
            self.link_parents(report)

    def header_fits(self, table: Table, header: list[str]) -> bool:
        known = {column.name for column in table.columns}
        duplicated = sorted({name for name in header if header.count(name) > 1})
        if duplicated:
            self.report.error(table.path, 1, _("Columns appear twice: %(names)s.") % {"names": ", ".join(duplicated)})
            return False
        needed = ["id", *(column.name for column in table.columns if column.required and column.name in table.fields)]
        missing = [name for name in needed if name not in header]
        if missing:
            self.report.error(table.path, 1, _("Missing columns: %(names)s. Expected the columns of HSDS 3.0: %(expected)s.") % {
                "names": ", ".join(missing), "expected": ", ".join(column.name for column in table.columns)})
            return False
        unknown = [name for name in header if name not in known]
        if unknown:
            self.report.warn(table.path, 1, _("Unknown columns were ignored: %(names)s.") % {"names": ", ".join(unknown)})
        return True

    # --- Rows ----------------------------------------------------------------------------------

    def batch(self, table: Table, checker: RowChecker, rows: list[tuple[int, dict[str, str]]], report: FileReport) -> None:
        self.table = table
        parsed: list[Parsed] = []
        for line, row in rows:
            values, references, problems = checker.check(row)
            if problems:
                self.reject(table, line, problems, report)
            else:
                parsed.append(Parsed(line, row["id"], values, references))
        parsed = self.without_duplicates(table, parsed, report)
        parsed = self.with_references(table, parsed, report)
        if table.resource == "attribute":
            parsed = self.without_flags(parsed, report)
        existing = self.existing(table, [item.id for item in parsed])
        parsed = self.in_scope(table, parsed, existing, report)
        if table.resource == "schedule":
            parsed = self.without_overlaps(parsed, report)
        if table.resource == "attribute":
            parsed = self.attributes_once(parsed, existing, report)
        if table.resource == "taxonomy_term":
            parsed = self.unique_codes(parsed, existing, report)
        self.write(table, parsed, existing, report)

    def reject(self, table: Table, line: int, problems: list[str], report: FileReport) -> None:
        report.rejected += 1
        for problem in problems:
            self.report.error(report.path, line, problem)

    def without_duplicates(self, table: Table, parsed: list[Parsed], report: FileReport) -> list[Parsed]:
        earlier = self.seen.lines(table.resource, [item.id for item in parsed])
        kept = []
        for item in parsed:
            first = earlier.get(item.id)
            if first is not None:
                self.reject(table, item.line, [_("The id %(id)s appears twice (first on line %(first)s).") % {"id": item.id, "first": first}], report)
                continue
            earlier[item.id] = item.line
            kept.append(item)
        return kept

    def with_references(self, table: Table, parsed: list[Parsed], report: FileReport) -> list[Parsed]:
        """Replaces referenced ids by keys; rows that point nowhere (or out of scope) are rejected."""
        wanted: dict[str, set[str]] = {}
        for item in parsed:
            for column, target in item.references.items():
                wanted.setdefault(self.target_of(table, column, item), set()).add(target)
        found = {resource: self.keys(resource, ids) for resource, ids in wanted.items()}
        kept = []
        for item in parsed:
            problems = []
            for column, target in item.references.items():
                resource = self.target_of(table, column, item)
                key = found[resource].get(target)
                if key is None:
                    if table.resource == "taxonomy_term" and column == "parent_id":
                        self.pending_parents.append((item.line, item.id, target))
                        continue  # the broader term may come later in the file (see link_parents)
                    problems.append(self.missing_reference(column, target, resource))
                else:
                    item.values[self.fk_of(table, column, item)] = key
            if problems:
                self.reject(table, item.line, problems, report)
            else:
                kept.append(item)
        return kept

    @staticmethod
    def target_of(table: Table, column: str, item: Parsed) -> str:
        if table.resource == "attribute" and column == "link_id":
            return ATTRIBUTE_LINKS[item.values["__link_entity__"]][1]
        return table.references[column][1]

    @staticmethod
    def fk_of(table: Table, column: str, item: Parsed) -> str:
        if table.resource == "attribute" and column == "link_id":
            return ATTRIBUTE_LINKS[item.values["__link_entity__"]][0] + "_id"
        return table.references[column][0] + "_id"

    def keys(self, resource: str, ids: set[str]) -> dict[str, int]:
        """public id -> primary key of the rows that exist and may be linked to."""
        model = next(table.model for table in TABLES if table.resource == resource)
        rows = model._default_manager.filter(public_id__in=list(ids))
        if resource == "service":
            rows = rows.filter(self.scope.editable())
        return {str(public_id): pk for public_id, pk in rows.values_list("public_id", "pk")}

    @staticmethod
    def missing_reference(column: str, target: str, resource: str) -> str:
        if resource == "service" and Service.objects.filter(public_id=target).exists():
            return _("%(column)s %(id)s is an entry you may not change.") % {"column": column, "id": target}
        return _("%(column)s %(id)s points to no row of %(table)s (in this file or the directory).") % {
            "column": column, "id": target, "table": resource}

    def existing(self, table: Table, ids: list[str]) -> dict[str, Model]:
        rows = table.model._default_manager.filter(public_id__in=ids)
        return {str(row.public_id): row for row in rows}  # type: ignore[attr-defined]

    def in_scope(self, table: Table, parsed: list[Parsed], existing: dict[str, Model], report: FileReport) -> list[Parsed]:
        """Existing rows change only inside the importer's scope; shared taxonomies only for their keepers."""
        if self.scope.edits_all:
            return parsed
        blocked = self.blocked(table, [existing[item.id] for item in parsed if item.id in existing])
        kept = []
        for item in parsed:
            row = existing.get(item.id)
            if row is not None and row.pk in blocked:
                if table.resource in ("taxonomy", "taxonomy_term"):
                    self.report.warn(table.path, item.line, _("Only coordinators change taxonomies; this installation's version was kept."))
                    continue
                self.reject(table, item.line, [_("The row %(id)s belongs to an entry you may not change.") % {"id": item.id}], report)
                continue
            if row is None and table.resource in ("taxonomy", "taxonomy_term") and not self.taxonomy_editor:
                self.reject(table, item.line, [_("Only coordinators add taxonomy terms.")], report)
                continue
            kept.append(item)
        return kept

    def blocked(self, table: Table, rows: list[Model]) -> set[int]:
        """The existing rows the importer may not change."""
        if not rows:
            return set()
        if table.resource in ("taxonomy", "taxonomy_term"):
            return set() if self.taxonomy_editor else {row.pk for row in rows}
        editable = Service.objects.filter(self.scope.editable())
        pks = [row.pk for row in rows]
        if table.resource == "service":
            return set(pks) - set(editable.filter(pk__in=pks).values_list("pk", flat=True))
        if table.resource == "organization":
            return set(Service.objects.filter(provider__in=pks).exclude(pk__in=editable.values("pk")).values_list("provider", flat=True))
        if table.resource == "location":
            return set(ServiceAtLocation.objects.filter(location__in=pks).exclude(service__in=editable.values("pk")).values_list("location", flat=True))
        return {row.pk for row in rows if getattr(row, "service_id", None) and row.service_id not in self._editable_ids(editable, rows)}  # type: ignore[attr-defined]

    @staticmethod
    def _editable_ids(editable: Any, rows: list[Model]) -> set[int]:
        service_ids = {getattr(row, "service_id", None) for row in rows} - {None}
        return set(editable.filter(pk__in=service_ids).values_list("pk", flat=True))

    def without_overlaps(self, parsed: list[Parsed], report: FileReport) -> list[Parsed]:
        """Opening hours of one entry (or location) must not overlap, with those already stored either."""
        owners = {("service_id", item.values.get("service_id")) for item in parsed} | {
            ("location_id", item.values.get("location_id")) for item in parsed}
        stored: dict[tuple[str, Any], list[Hours]] = {}
        for kind in ("service_id", "location_id"):
            keys = [key for owner, key in owners if owner == kind and key]
            ids_here = [item.id for item in parsed]
            for schedule in Schedule.objects.filter(**{f"{kind}__in": keys}).exclude(public_id__in=ids_here):
                if schedule.opens_at and schedule.closes_at:
                    stored.setdefault((kind, getattr(schedule, kind)), []).append(
                        Hours(tuple(schedule.days), schedule.opens_at, schedule.closes_at))
        kept = []
        for item in parsed:
            hours = _hours_of(item)
            owner = ("service_id", item.values["service_id"]) if item.values.get("service_id") else ("location_id", item.values.get("location_id"))
            problem = overlapping_hours([*stored.get(owner, []), hours]) if hours else ""
            if problem:
                self.reject(self.table, item.line, [problem], report)
                continue
            if hours:
                stored.setdefault(owner, []).append(hours)
            kept.append(item)
        return kept

    def without_flags(self, parsed: list[Parsed], report: FileReport) -> list[Parsed]:
        """Confidential-address attributes set their location's flag instead of being kept (extensions.py)."""
        term = extensions.term_id()
        flags = [item for item in parsed if extensions.is_flag(item.values, term)]
        if not flags:
            return parsed
        locations = Location.objects.filter(pk__in=[item.values.get("location_id") for item in flags])
        blocked = set() if self.scope.edits_all else self.blocked(BY_RESOURCE["location"], list(locations))
        marked: set[int] = set()
        for item in flags:
            location = item.values.get("location_id")
            if location is None:
                self.reject(self.table, item.line, [_("The confidential address belongs to a location (link_entity location).")], report)
            elif location in blocked:
                self.reject(self.table, item.line, [_("The row %(id)s belongs to an entry you may not change.") % {"id": item.id}], report)
            else:
                marked.add(location)
        report.updated += extensions.mark_confidential(marked)
        self.seen.add(self.table.resource, ((item.id, item.line) for item in flags))
        return [item for item in parsed if not extensions.is_flag(item.values, term)]

    def attributes_once(self, parsed: list[Parsed], existing: dict[str, Model], report: FileReport) -> list[Parsed]:
        """An entry carries a term once (the database refuses a second attribute for it)."""
        pairs = {(item.values.get("service_id"), item.values["term_id"]) for item in parsed if item.values.get("service_id")}
        taken: dict[tuple[Any, Any], str] = {
            (service, term): str(public_id)
            for service, term, public_id in Attribute.objects.filter(
                service__in=[s for s, _t in pairs], term__in=[t for _s, t in pairs]
            ).values_list("service", "term", "public_id")
        }
        kept = []
        for item in parsed:
            pair = (item.values.get("service_id"), item.values["term_id"])
            holder = taken.get(pair) if pair[0] else None
            if holder is not None and holder != item.id:
                self.reject(self.table, item.line, [
                    _("The entry already carries this taxonomy term (attribute %(id)s).") % {"id": holder}], report)
                continue
            if pair[0]:
                taken[pair] = item.id
            kept.append(item)
        return kept

    def unique_codes(self, parsed: list[Parsed], existing: dict[str, Model], report: FileReport) -> list[Parsed]:
        codes = [item.values["code"] for item in parsed]
        holders = {code: str(public_id) for code, public_id in TaxonomyTerm.objects.filter(code__in=codes).values_list("code", "public_id")}
        kept = []
        for item in parsed:
            holder = holders.get(item.values["code"])
            if holder is not None and holder != item.id:
                self.reject(self.table, item.line, [
                    _("The code %(code)s is taken by another term (%(id)s).") % {"code": item.values["code"], "id": holder}], report)
                continue
            holders[item.values["code"]] = item.id
            kept.append(item)
        return kept

    # --- Writing ---------------------------------------------------------------------------------

    def write(self, table: Table, parsed: list[Parsed], existing: dict[str, Model], report: FileReport) -> None:
        new = [self.new_row(table, item) for item in parsed if item.id not in existing]
        changed = [row for item in parsed if item.id in existing
                   if (row := self.changed_row(table, item, existing[item.id])) is not None]
        table.model._default_manager.bulk_create(new, batch_size=BATCH)
        fields = self.update_fields(table)
        if changed and fields:
            table.model._default_manager.bulk_update(changed, fields, batch_size=BATCH)
        report.created += len(new)
        report.updated += len(changed)
        self.seen.add(table.resource, ((item.id, item.line) for item in parsed))
        if table.resource == "service":
            self.note_changes([*new, *changed])

    def new_row(self, table: Table, item: Parsed) -> Model:
        values = {name: value for name, value in item.values.items() if not name.startswith("__")}
        row = table.model(public_id=uuid.UUID(item.id), **values)
        if isinstance(row, Service):
            row.visibility = self.options.visibility
            row.network, row.owner_centre = self.options.network, self.options.owner_centre
            row.created_at = self.now
            row.updated_at = values.get("updated_at") or self.now
        if isinstance(row, Provider):
            row.created_at = row.updated_at = self.now
        if isinstance(row, Taxonomy):
            row.code = f"{slugify(row.name)[:40] or 'taxonomy'}-{item.id[:8]}"
        return row

    def changed_row(self, table: Table, item: Parsed, row: Model) -> Model | None:
        values = {name: value for name, value in item.values.items() if not name.startswith("__")}
        differs = any(getattr(row, name) != value for name, value in values.items())
        if not differs:
            return None
        for name, value in values.items():
            setattr(row, name, value)
        if isinstance(row, Service):
            row.version += 1
            row.updated_at = values.get("updated_at") or self.now
        return row

    @staticmethod
    def update_fields(table: Table) -> list[str]:
        names = list(table.fields.values()) + [fk for fk, _target in table.references.values()]
        if table.resource == "service":
            names.append("version")
        if table.resource == "attribute":
            names += [fk for fk, _target in ATTRIBUTE_LINKS.values()]
        return names

    def note_changes(self, services: list[Model]) -> None:
        stored = Service.objects.filter(public_id__in=[service.public_id for service in services]).values_list("pk", flat=True)  # type: ignore[attr-defined]
        Change.objects.bulk_create(
            Change(service_id=pk, user=self.user, kind=ChangeKind.IMPORTED, fields=["hsds"]) for pk in stored
        )

    def link_parents(self, report: FileReport) -> None:
        """Broader terms named before they appear: linked once the whole file is read."""
        for line, term_id, parent_id in self.pending_parents:
            parent = TaxonomyTerm.objects.filter(public_id=parent_id).first()
            if parent is None:
                self.report.error(report.path, line, _("parent_id %(id)s points to no term.") % {"id": parent_id})
                continue
            TaxonomyTerm.objects.filter(public_id=term_id, parent__isnull=True).update(parent=parent)


def _hours_of(item: Parsed) -> Hours | None:
    days, opens, closes = item.values.get("byday", ""), item.values.get("opens_at"), item.values.get("closes_at")
    if not (days and opens and closes):
        return None
    return Hours(tuple(days.split(",")), opens, closes)

