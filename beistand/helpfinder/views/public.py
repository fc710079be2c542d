"""The public help finder: no account, no cookies, no script needed.

Both pages answer GET only and render no CSRF token, so no cookie is set
(design invariant 5); the language is the URL's prefix. Both pages may
carry what happened and where in their address (the results, and the questions
filled in again), so neither is cached: a shared device keeps no copy for the
next person to find.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from beistand.helpfinder.choices import Situation
from beistand.helpfinder.forms import HelpFinderForm, default_language
from beistand.helpfinder.nearby import further_help
from beistand.helpfinder.routing import LANGUAGE_NAMES, Answer, find_help
from beistand.network.forms.fields import district_label
from beistand.network.models import District
from beistand.network.places import PlaceLookup
from beistand.network.views.common import error_summary

ANSWERS = ("situation", "who", "place", "no_place", "language", "contact")


@never_cache
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The questions on a page of their own, filled in again when the person changes an answer."""
    answers = {name: request.GET[name] for name in ANSWERS if name in request.GET}
    form = HelpFinderForm(initial={"language": default_language(), **answers})
    return render(request, "helpfinder/public/start.html", {"form": form})


@never_cache
@require_safe
def results(request: HttpRequest) -> HttpResponse:
    form = HelpFinderForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "errors": error_summary(form)}
        return render(request, "helpfinder/public/start.html", context)
    answer = find_help(form.question(), form.districts())
    place = form.answered_place()
    context = {
        "form": form,
        "answer": answer,
        "further_help": further_help(answer.question, place),
        "lookup": form.place_lookup,
        **_summary(answer, place),
        "change_url": f"{reverse('helpfinder_public:start')}?{_answers_only(request.GET)}",
        "other_places": [
            {"town": town, "district": district, "url": _with_district(request.GET, district)}
            for town, district in form.other_places()
        ],
        "uses_postcode_data": bool(place and place.postcode),
    }
    return render(request, "helpfinder/public/results.html", context)


def _summary(answer: Answer, place: PlaceLookup | None) -> dict[str, Any]:
    """The person's answers in words, for the top of the page."""
    question = answer.question
    town = place.municipality.name if place and place.municipality else ""
    districts = [district_label(d) for d in answer.districts or []]
    label = f"{place.postcode} {town}".strip() if place and place.postcode else town
    return {
        "situation_label": Situation(question.situation).label,
        "language_name": LANGUAGE_NAMES.get(question.language, ""),
        "place_label": label or ", ".join(districts),
        "district_labels": [name for name in districts if name != town],
    }


def _answers_only(query: QueryDict) -> str:
    return urlencode([(name, query[name]) for name in ANSWERS if query.get(name)])


def _with_district(query: QueryDict, district: District) -> str:
    """The same question for another place of the same name."""
    return f"{reverse('helpfinder_public:results')}?{_answers_only(query)}&{urlencode({'district': district.ags})}"
