"""Fixtures of the network directory tests, on top of the personas in beistand/conftest.py.

`outside` is a network kai does not coordinate, with a centre and a carrier of
its own: everything in it is out of his scope.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from beistand.network.choices import CentreType, OrganisationKind
from beistand.network.models import Centre, Network, Organisation
from beistand.network.tests.factories import ensure_nrw_regions


@pytest.fixture
def nrw_regions(db) -> dict:
    return ensure_nrw_regions()


@pytest.fixture
def outside_network(db) -> Network:
    return Network.objects.create(slug="weact", name="weact")


@pytest.fixture
def outside_carrier(outside_network) -> Organisation:
    organisation = Organisation.objects.create(
        slug="bonem", name="Bonem", kind=OrganisationKind.CARRIER
    )
    organisation.networks.add(outside_network)
    return organisation


@pytest.fixture
def outside_centre(outside_carrier, outside_network) -> Centre:
    centre = Centre.objects.create(
        slug="weact-bochum", name="weact Bochum",
        type=CentreType.ANTIDISCRIMINATION_COUNSELLING, organisation=outside_carrier,
    )
    centre.networks.add(outside_network)
    return centre


@pytest.fixture(autouse=True)
def english_interface():
    """These tests read the English source texts: URLs reversed here get the /en/ prefix."""
    with translation.override("en"):
        yield
