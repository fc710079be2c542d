"""URL matrix entries for the anonymous conversations and the inbox (see tests/matrix.py)."""

from __future__ import annotations

from tests.matrix import Route

CONTACT_ROUTES: dict[str, Route] = {}
