"""The coverage report: per Kreis and situation, which centres the help finder names.

It reads the same snapshot through the same routing code as the public pages
(`routing.responsible`), so the report and the help finder cannot disagree. A
cell without a centre is a gap. Two or more centres of the same type in one
cell, none of them limited to some askers or languages, are an overlap: people
may be sent to either. Nationwide help lines answer everywhere; they are named
once, below the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from beistand.helpfinder import snapshot as snapshots
from beistand.helpfinder.choices import Situation
from beistand.helpfinder.routing import Level, is_nationwide_helpline, responsible
from beistand.helpfinder.snapshot import Entry
from beistand.network.choices import CentreType
from beistand.network.models import District, State

TYPE_LABELS = dict(CentreType.choices)


@dataclass
class Cell:
    situation: str
    entries: list[tuple[Entry, Level]] = field(default_factory=list)
    overlapping_types: list[str] = field(default_factory=list)

    @property
    def gap(self) -> bool:
        return not self.entries


@dataclass
class Row:
    district: District
    cells: list[Cell]


@dataclass
class Report:
    state: State
    rows: list[Row]
    helplines: list[Entry]
    situations: list[tuple[str, Any]] = field(default_factory=lambda: list(Situation.choices))

    @property
    def gaps(self) -> int:
        return sum(cell.gap for row in self.rows for cell in row.cells)

    @property
    def overlaps(self) -> int:
        return sum(bool(cell.overlapping_types) for row in self.rows for cell in row.cells)


def coverage_of(state: State) -> Report:
    data = snapshots.current()
    by_situation = {situation: data.entries_for(situation) for situation in Situation.values}
    districts = (
        District.objects.filter(state=state).select_related("administrative_region", "state")
        .order_by("administrative_region__name", "name")
    )
    rows = [Row(district, [_cell(situation, by_situation[situation], district) for situation in Situation.values])
            for district in districts]
    helplines = sorted((e for e in data.entries if is_nationwide_helpline(e.centre)),
                       key=lambda e: (e.rule.situation, e.centre.name))
    return Report(state=state, rows=rows, helplines=helplines)


def _cell(situation: str, entries: list[Entry], district: District) -> Cell:
    named = responsible(entries, district)
    per_type = Counter(entry.centre.type for entry, _level in named if not entry.rule.is_restricted)
    overlapping = sorted(str(TYPE_LABELS.get(kind, kind)) for kind, count in per_type.items() if count > 1)
    return Cell(situation, named, overlapping)
