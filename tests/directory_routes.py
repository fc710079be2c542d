"""URL matrix entries for the referral directory and its HSDS API (see tests/matrix.py)."""

from __future__ import annotations

from tests.matrix import Route

DIRECTORY_ROUTES: dict[str, Route] = {}
