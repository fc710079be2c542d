"""Fixtures for the retention tests: temporary categories and the key tests' encrypted tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from beistand.keys.tests.conftest import encrypted_test_tables  # noqa: F401 -- the fixture
from beistand.retention import registry


@pytest.fixture(autouse=True)
def isolated_key_material(settings, tmp_path):
    settings.KEY_STORE_DIR = tmp_path / "keystore"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registered() -> Iterator[Callable[[registry.DataCategory], registry.DataCategory]]:
    """Registers categories for one test only."""
    names: list[str] = []

    def add(category: registry.DataCategory) -> registry.DataCategory:
        registry.register(category)
        names.append(category.name)
        return category

    yield add
    for name in names:
        registry.unregister(name)
