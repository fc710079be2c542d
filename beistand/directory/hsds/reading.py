"""Reading the CSV files of an uploaded data package: encodings, headers, rows with their line numbers.

UTF-8 with and without byte-order mark is read as it is; a file that is not
UTF-8 is read as Windows-1252/Latin-1 (what spreadsheet programs write in
Germany) and the report says so. Binary content and UTF-16 are refused with a
message. Everything is streamed: a file is scanned once for its encoding and
read once for its rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

BOM = codecs.BOM_UTF8
SCAN_BYTES = 64 * 1024
# A description may be long, but not this long: csv's default limit is 128 KB.
csv.field_size_limit(1024 * 1024)


class FileProblem(Exception):
    """The whole file cannot be read; the message says why."""


@dataclass(frozen=True)
class Encoding:
    name: str  # a Python codec
    note: str  # "" or a warning for the report


def detect_encoding(archive: zipfile.ZipFile, path: str) -> Encoding:
    with archive.open(path) as raw:
        head = raw.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FileProblem(_("The file is UTF-16; please save it as UTF-8 (CSV UTF-8)."))
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                if b"\x00" in chunk:
                    raise FileProblem(_("The file contains binary data (zero bytes); it is not a CSV text file."))
                decoder.decode(chunk)
                chunk = raw.read(SCAN_BYTES)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return Encoding("cp1252", _(
                "The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check umlauts and ß in the report's rows."
            ))
    return Encoding("utf-8-sig", _("The file starts with a byte-order mark (UTF-8 with BOM); it was read as UTF-8.")
                    if head.startswith(BOM) else "")


@dataclass
class CsvFile:
    path: str
    header: list[str]
    encoding: Encoding
    rows: Iterator[tuple[int, dict[str, str]]]


def open_csv(archive: zipfile.ZipFile, path: str) -> CsvFile:
    """The header (names trimmed, in lower case) and an iterator over (line, row)."""
    encoding = detect_encoding(archive, path)
    raw = archive.open(path)
    errors = "replace" if encoding.name == "cp1252" else "strict"
    text = io.TextIOWrapper(raw, encoding=encoding.name, errors=errors, newline="")
    reader = csv.reader(text)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raw.close()
        raise FileProblem(_("The file is empty; it needs at least a header row.")) from None
    except csv.Error as broken:
        raw.close()
        raise FileProblem(_("The header row cannot be read as CSV (%(reason)s).") % {"reason": broken}) from None
    return CsvFile(path, header, encoding, _rows(reader, header, raw))


def _rows(reader: Any, header: list[str], raw: IO[bytes]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue  # empty lines at the end, as spreadsheets write them
            yield reader.line_num, _row(header, values)
    finally:
        raw.close()


def _row(header: list[str], values: list[str]) -> dict[str, str]:
    row = {name: value.strip() for name, value in zip(header, values, strict=False)}
    if len(values) > len(header):
        row["__extra__"] = str(len(values) - len(header))
    elif len(values) < len(header):
        row["__missing__"] = str(len(header) - len(values))
    return row
