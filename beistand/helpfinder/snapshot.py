"""What the routing reads, kept in memory per process, so a help-finder query costs no query.

The routing table is small (a few hundred rules at most) and changes rarely,
but it is read on every public query. Each process therefore keeps a snapshot:
the published centres with routing rules, their service areas as sets of keys,
their opening hours, the nationwide help lines, the Länder's names, the last
place lookups, and what `nearby.py` remembers of the public directory entries
near the places asked for (public facts, by place; never by question).

Freshness: a stamp in the shared cache (the database cache, so every process
and server sees it) names the current state of the data. Every save or delete
of a centre, its area, its opening hours, a routing rule, a directory entry or
a needs term, and every line of an entry's history, sets a new stamp and drops
the snapshot of the process that made the change
(`apps.HelpfinderConfig.ready` connects the signals). Other processes read the
stamp at most once every CHECK_EVERY seconds and build their snapshot again
when it changed. Changes that send no signal (`QuerySet.update`,
`bulk_create`, `manage.py load_regions`, the directory import) are picked up
at the latest after MAX_AGE seconds. So a query costs no database work at all
most of the time, one small query once a second, and one rebuild of six
queries after a change.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import CharField, Value, prefetch_related_objects

from beistand.helpfinder.models import RoutingRule
from beistand.network.choices import CentreType
from beistand.network.models import Centre, State
from beistand.network.places import MAX_QUERY_LENGTH, PlaceLookup, lookup_place

STAMP_KEY = "helpfinder:routing-stamp"
MAX_AGE = 60.0  # seconds
CHECK_EVERY = 1.0  # seconds between two reads of the stamp
MAX_LOOKUPS = 1024  # place lookups kept per process (least recently used go first)
MAX_REMEMBERED = 1024  # other things remembered per process (see `remembered`)

T = TypeVar("T")


@dataclass(frozen=True)
class Area:
    """A centre's service area as sets of keys."""

    nationwide: bool
    states: frozenset[int] = frozenset()
    regions: frozenset[int] = frozenset()
    districts: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Entry:
    """One routing rule of a published centre, with the centre's area."""

    rule: RoutingRule
    area: Area

    @property
    def centre(self) -> Centre:
        return self.rule.centre


@dataclass
class Snapshot:
    stamp: str
    entries: list[Entry]
    # Every published nationwide help line, with or without a rule.
    helplines: list[Centre]
    state_names: dict[int, str]
    built_at: float = field(default_factory=time.monotonic)
    checked_at: float = field(default_factory=time.monotonic)
    _lookups: OrderedDict[str, PlaceLookup] = field(default_factory=OrderedDict)
    _lookups_lock: threading.Lock = field(default_factory=threading.Lock)
    _remembered: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)

    def entries_for(self, situation: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.rule.situation == situation]

    def lookup(self, text: str) -> PlaceLookup:
        """`network.places.lookup_place`, remembered: the same postcode asked again costs nothing.

        Only places that exist are kept (public facts, linked to nothing else the
        person said); typos and junk are answered but never kept.
        """
        with self._lookups_lock:
            found = self._lookups.get(text)
            if found is not None:
                self._lookups.move_to_end(text)
                return found
        found = lookup_place(text)
        if found.found and len(text) <= MAX_QUERY_LENGTH:
            with self._lookups_lock:  # threaded servers: one change of the order at a time
                self._lookups[text] = found
                if len(self._lookups) > MAX_LOOKUPS:
                    self._lookups.popitem(last=False)
        return found

    def remembered(self, key: Hashable, build: Callable[[], T]) -> T:
        """What `build` gives, kept under `key` for the life of this snapshot (see `remember`)."""
        value = self.recall(key)
        if value is None:
            value = build()
            self.remember(key, value)
        return value

    def recall(self, key: Hashable) -> Any:
        """What was remembered under `key`, or None."""
        with self._lookups_lock:
            value = self._remembered.get(key)
            if value is not None:
                self._remembered.move_to_end(key)
            return value

    def remember(self, key: Hashable, value: Any) -> None:
        """Keeps `value` for the life of this snapshot: at most MAX_REMEMBERED things, the least
        recently used go first. For public facts only: never key anything by what a person asked."""
        with self._lookups_lock:
            self._remembered[key] = value
            if len(self._remembered) > MAX_REMEMBERED:
                self._remembered.popitem(last=False)

    def fresh(self, now: float) -> bool:
        """Young enough, and the stamp was read lately or still names this state."""
        if now - self.built_at > MAX_AGE:
            return False
        if now - self.checked_at < CHECK_EVERY:
            return True
        if _stamp() != self.stamp:
            return False
        self.checked_at = now
        return True


_current: Snapshot | None = None
_building = threading.Lock()


def current() -> Snapshot:
    """The snapshot of the data as they are now (within CHECK_EVERY), built again when they changed."""
    global _current
    snapshot = _current
    if snapshot is None or not snapshot.fresh(time.monotonic()):
        with _building:
            snapshot = _current
            if snapshot is None or not snapshot.fresh(time.monotonic()):
                snapshot = _current = build(_stamp())
    return snapshot


def data_changed(**_kwargs: Any) -> None:
    """Signal receiver: routing data changed, every process builds its snapshot again."""
    cache.set(STAMP_KEY, uuid.uuid4().hex, timeout=None)
    forget()


def area_changed(action: str, **kwargs: Any) -> None:
    """Signal receiver for a centre's Länder, Regierungsbezirke and Kreise (after the change)."""
    if action.startswith("post_"):
        data_changed(**kwargs)


def forget() -> None:
    """Drops this process's snapshot (tests do, when their database is reset under it)."""
    global _current
    _current = None


def _stamp() -> str:
    stamp = cache.get(STAMP_KEY)
    if stamp is None:  # first use, or the cache lost it: start a new state
        cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(STAMP_KEY)
    return str(stamp)


def build(stamp: str) -> Snapshot:
    rules = list(RoutingRule.objects.filter(centre__is_published=True).select_related("centre"))
    lines = list(Centre.objects.published().filter(type=CentreType.HELPLINE, nationwide=True))
    centres = {rule.centre.pk: rule.centre for rule in rules}
    prefetch_related_objects([*centres.values(), *lines], "opening_hours")
    areas = _areas(centres)
    return Snapshot(
        stamp=stamp,
        entries=[Entry(rule, areas[rule.centre.pk]) for rule in rules],
        helplines=lines,
        state_names=dict(State.objects.values_list("pk", "name")),
    )


def _areas(centres: dict[int, Centre]) -> dict[int, Area]:
    """Every centre's area in one query over the three area tables."""
    parts = [
        Centre.states.through.objects.values_list("centre_id", _part("states"), "state_id"),
        Centre.administrative_regions.through.objects.values_list(
            "centre_id", _part("regions"), "administrativeregion_id"
        ),
        Centre.districts.through.objects.values_list("centre_id", _part("districts"), "district_id"),
    ]
    found: dict[int, dict[str, set[int]]] = {pk: {"states": set(), "regions": set(), "districts": set()}
                                            for pk in centres}
    if centres:
        ids = list(centres)
        rows = parts[0].filter(centre_id__in=ids).union(*(p.filter(centre_id__in=ids) for p in parts[1:]), all=True)
        for centre_id, part, key in rows:
            found[centre_id][part].add(key)
    return {
        pk: Area(centre.nationwide, **{part: frozenset(keys) for part, keys in found[pk].items()})
        for pk, centre in centres.items()
    }


def _part(name: str) -> Value:
    return Value(name, output_field=CharField())
