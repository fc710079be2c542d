"""Fixtures of the directory tests, on top of the personas in beistand/conftest.py.

BackUp (alice, bob, lena) and Opferberatung Rheinland (carol) are in the state
network that kai coordinates. Entries are made with directory.testing.make_service.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from beistand.directory.choices import Visibility
from beistand.directory.testing import make_service


@pytest.fixture(autouse=True)
def english_interface():
    """These tests read the English source texts: URLs reversed here get the /en/ prefix."""
    with translation.override("en"):
        yield


@pytest.fixture
def network_entry(state_network, backup):
    """Network-wide, maintained by BackUp: a psychotherapist in Dortmund who speaks Arabic."""
    return make_service(
        "Psychotherapie auf Arabisch", visibility=Visibility.NETWORK, network=state_network, owner_centre=backup,
        needs=["psychotherapy"], languages=["de", "ar"], postcode="44135",
        hours=[("MO,TU,WE,TH,FR", "08:00", "18:00")],
    )


@pytest.fixture
def rheinland_private(rheinland):
    return make_service("Nur für Rheinland", visibility=Visibility.CENTRE, owner_centre=rheinland, postcode="50667", city="Köln")
