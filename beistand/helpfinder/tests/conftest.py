"""Fixtures of the help-finder tests: the real regions (loaded by the migrations), the demo
network with its routing, and helpers that read the answer from a page or the API."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from beistand.network.models import District

OFFER_LINK = re.compile(r'<li class="card offer">\s*<h3><a href="/\w+(?:-\w+)?/centres/([\w-]+)/">')


@pytest.fixture(autouse=True)
def fresh_snapshot():
    """Each test starts without the routing snapshot of the one before (its rows are gone)."""
    from beistand.helpfinder import snapshot

    snapshot.forget()
    yield
    snapshot.forget()


@pytest.fixture
def regions(db) -> None:
    """Germany's regions and postcodes come with the migrations; the tests rely on them."""
    assert District.objects.filter(ags="05913").exists(), "migration network.0002 loads data/regions/"


@pytest.fixture
def demo(regions, settings) -> None:
    from beistand.demo.network import load_demo_network
    from beistand.helpfinder.demo import load_demo_routing

    settings.DEMO_ALLOWED = True
    load_demo_network()
    load_demo_routing()


def offer_slugs(html: str) -> tuple[list[str], list[str]]:
    """The centres a results page names: (responsible centres, nationwide help lines), in order."""
    centres, _sep, helplines = html.partition('id="helplines-heading"')
    return OFFER_LINK.findall(centres), OFFER_LINK.findall(helplines)


def results_page(client: Client, prefix: str = "de", **answers: str) -> str:
    """The results page in the language of the URL prefix."""
    response = client.get(f"/{prefix}/help/results/", answers)
    assert response.status_code == 200
    return response.content.decode()


def api(client: Client, **params: str):
    return client.get("/api/v1/helpfinder", params)
