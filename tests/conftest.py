"""The browser tests use the same personas as the app tests (beistand/conftest.py)."""

import pytest

from beistand.conftest import (  # noqa: F401 -- fixtures are found by name
    ada,
    alice,
    backup,
    bob,
    carol,
    carrier,
    client_for,
    kai,
    lena,
    lks,
    paul,
    police,
    rheinland,
    state_network,
)


@pytest.fixture
def regions(transactional_db):
    """Germany's regions. Migration 0002 loads them, but a transactional test's flush
    empties every table afterwards, so browser tests load them again when needed."""
    from beistand.network.models import District
    from beistand.network.regions import load_regions

    if not District.objects.exists():
        load_regions()
