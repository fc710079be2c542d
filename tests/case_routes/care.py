"""URL matrix entries for the case-work views of this part (see tests/matrix.py)."""

from __future__ import annotations

from tests.matrix import Route

ROUTES: dict[str, Route] = {}
