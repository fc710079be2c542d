"""Fixtures of the case-work tests, on top of the personas in beistand/conftest.py."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_interface():
    """These tests read the English source texts: URLs reversed here get the /en/ prefix."""
    with translation.override("en"):
        yield
