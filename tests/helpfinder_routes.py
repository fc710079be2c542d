"""URL matrix entries for the help finder and its API (see tests/matrix.py)."""

from __future__ import annotations

from tests.matrix import Route

HELPFINDER_ROUTES: dict[str, Route] = {}
