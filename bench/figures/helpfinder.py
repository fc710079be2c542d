"""The help finder (issue 4): the cost of a query, and the weight of the public start page.

The help finder runs on the demo network with its routing rules (beistand/demo,
beistand/helpfinder/demo.py). Requests go through Django's test client, so they
pass every middleware as in production. A query is measured twice:

- the JSON API (`/api/v1/helpfinder`), beside a trivial view through the same
  middleware (`HttpResponse("ok")`, mounted below by this module's URLconf);
- the results page, beside a trivial page in the same public shell (the public
  base template with one line and no query), so that the ratio is what the
  help finder adds to any public page.

Each timed call asks the next question of the issue's "Done when" list, so the
figure is an average over real answers (postcodes in several Kreise,
Regierungsbezirke and Länder), not one answer repeated. The routing snapshot
is warm, as in production after the first query of a process; what a cold one
costs (after every change to the routing data) is its own figure.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from beistand import urls as project_urls
from bench.core import Figure, Measurement, Target, database, figure, measure_pair

QUESTIONS = [
    ("attack", "44137"), ("attack", "33602"), ("attack", "48143"), ("attack", "50667"),
    ("attack", "40210"), ("community", "44137"), ("exit", "44137"), ("discrimination", "44787"),
    ("discrimination", "50667"), ("domestic_violence", "40210"), ("attack", "10115"),
]
START_PAGE = "/de/"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
TRIVIAL_PAGE = engines["django"].from_string(
    '{% extends "public/base.html" %}{% block title %}Beistand{% endblock %}'
    "{% block content %}<h1>Beistand</h1>{% endblock %}"
)


def trivial_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def trivial_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TRIVIAL_PAGE.render({}, request))


# This module is the URLconf of the figures (override_settings below); the project's
# own URLs stay, so pages and links resolve as usual.
urlpatterns = [
    path("bench/trivial/", trivial_view),
    path("bench/trivial-page/", trivial_page),
    *project_urls.urlpatterns,
]


@functools.cache
def _demo_loaded() -> None:
    from beistand.demo.network import load_demo_network
    from beistand.helpfinder.demo import load_demo_routing

    database()
    load_demo_network()
    load_demo_routing()


def _demo() -> Any:
    """The demo network and its routing (loaded once per run); a client for the public."""
    from django.test import Client

    _demo_loaded()
    return Client()


def _asking(client: Any, url: str) -> Callable[[], object]:
    """A call that asks the next question each time and insists on an answer."""
    questions = itertools.cycle(QUESTIONS)

    def ask() -> object:
        situation, place = next(questions)
        response = client.get(url, {"situation": situation, "place": place})
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code} for {situation} in {place}")
        return response

    return ask


def _pair(client: Any, url: str, baseline_url: str) -> tuple[Any, Any]:
    from django.test import override_settings

    with override_settings(ROOT_URLCONF=__name__):
        if client.get(baseline_url).status_code != 200:
            raise RuntimeError(f"{baseline_url} did not answer 200")
        # Warm: every question once, so each place's nearby entries are in the snapshot before
        # timing starts (the cold snapshot has its own figure).
        ask = _asking(client, url)
        for _question in QUESTIONS:
            ask()
        return measure_pair(_asking(client, url), lambda: client.get(baseline_url), samples=40)


@figure(order=80)
def helpfinder_api_query() -> Figure:
    measured, baseline = _pair(_demo(), "/api/v1/helpfinder", "/bench/trivial/")
    return Figure(
        "Help-finder query: JSON API, server time",
        Measurement.of(measured),
        Measurement.of(baseline, "trivial view, same middleware"),
        Target("≤ 3× a trivial view", max_ratio=3.0),
        notes=(
            "Help finder: the routing reads each process's snapshot of the rules and areas "
            "(beistand/helpfinder/snapshot.py): no query when warm, the freshness stamp at most once "
            "a second, six queries to rebuild after a change; a place found once is remembered. "
            "Cold, a page costs at most 12 queries (pinned in test_public.py).",
        ),
    )


@figure(order=81)
def helpfinder_results_page() -> Figure:
    measured, baseline = _pair(_demo(), "/de/help/results/", "/bench/trivial-page/")
    return Figure(
        "Help-finder query: results page, server time",
        Measurement.of(measured),
        Measurement.of(baseline, "trivial page in the public shell"),
        Target("≤ 3× a trivial view", max_ratio=3.0),
    )


@figure(order=82)
def helpfinder_cold_snapshot() -> Figure:
    """An API query right after a change to the routing data: the snapshot is built again."""
    from beistand.helpfinder import snapshot
    from beistand.helpfinder.demo import DEMO_RULES

    client = _demo()
    ask = _asking(client, "/api/v1/helpfinder")

    def cold() -> object:
        snapshot.forget()
        return ask()

    measured, baseline = measure_pair(cold, ask, samples=30)
    return Figure(
        "Help-finder query: JSON API after a routing change (cold snapshot)",
        Measurement.of(measured),
        Measurement.of(baseline, "next query, snapshot warm, place not yet remembered"),
        notes=(f"Help finder, cold: after a change each process builds its snapshot once (six queries "
               f"for the demo's {len(DEMO_RULES)} rules) and looks places up afresh.",),
    )


@figure(order=83)
def start_page_weight() -> Figure:
    """Bytes of the start page as sent: the HTML and every stylesheet it links; no script needed."""
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    client = _demo()
    html = client.get(START_PAGE).content
    styles = STYLESHEET.findall(html.decode())
    css = sum(_static_size(finders, static, href) for href in styles)
    scripts = SCRIPT.findall(html.decode())
    return Figure(
        "Public start page: HTML + CSS (uncompressed)",
        Measurement(len(html) + css, "bytes"),
        None,
        Target("≤ 30 KB", maximum=30 * 1024),
        notes=(
            f"Start page: {len(html):,} bytes of HTML, {css:,} bytes of CSS in {len(styles)} "
            f"stylesheet(s), {len(scripts)} script element(s); the help finder's questions work "
            "without script (a GET form). Uncompressed: with gzip on the wire it is smaller still.",
        ),
    )


def _static_size(finders: Any, static: Callable[[str], str], href: str) -> int:
    prefix = static("")
    found = finders.find(href.removeprefix(prefix).split("?")[0])
    if not found:
        raise RuntimeError(f"stylesheet {href} not found among the static files")
    with open(found, "rb") as stylesheet:
        return len(stylesheet.read())
