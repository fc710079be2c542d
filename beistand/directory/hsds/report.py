"""What an HSDS import was asked to do, and what it reports back: per file, and every problem with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_LISTED = 500  # problems listed in the report; the count goes on


@dataclass
class Options:
    visibility: str
    network: Any = None
    owner_centre: Any = None
    import_valid_rows: bool = False


@dataclass
class Problem:
    path: str
    line: int | None
    message: str


@dataclass
class FileReport:
    path: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error_count: int = 0
    imported: bool = False

    def error(self, path: str, line: int | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(Problem(path, line, message))

    def warn(self, path: str, line: int | None, message: str) -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(Problem(path, line, message))

    @property
    def written(self) -> int:
        return sum(report.created + report.updated for report in self.files)

    @property
    def unlisted_errors(self) -> int:
        return self.error_count - len(self.errors)
