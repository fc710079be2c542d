"""`GET /api/v1/helpfinder`: the help finder as JSON, public and read-only (docs/openapi.yaml).

The same form and the same routing as the pages, so both always agree (the
centres, the help lines, and the public directory entries near the place). No
cookies, no session, no language prefix: messages and reasons come in the
language of the optional `lang` parameter (English when it is missing). The
answer depends on the query string alone and the directory changes rarely, so
shared caches may keep it for five minutes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from beistand.helpfinder.choices import EMERGENCY_NUMBERS
from beistand.helpfinder.forms import HelpFinderForm
from beistand.helpfinder.nearby import FurtherHelp, further_help
from beistand.helpfinder.routing import Answer, Offer, find_help

CACHE_CONTROL = "public, max-age=300"
DEFAULT_LANG = "en"
INTERFACE_LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Which error a problem with each parameter is, in the order they are reported.
ERROR_CODES = {
    "situation": "unknown_situation",
    "place": "unknown_place",
    "language": "unknown_language",
    "who": "invalid_parameter",
    "contact": "invalid_parameter",
    "district": "invalid_parameter",
}


@require_safe
def helpfinder(request: HttpRequest) -> JsonResponse:
    lang = request.GET.get("lang") or DEFAULT_LANG
    if lang not in INTERFACE_LANGUAGES:
        return _error("invalid_parameter", "Unknown value of lang.")
    with translation.override(lang):
        form = HelpFinderForm(_form_data(request))
        if not form.is_valid():
            name = next(name for name in ERROR_CODES if name in form.errors)
            return _error(ERROR_CODES[name], str(form.errors[name][0]))
        answer = find_help(form.question(), form.districts())
        place = form.answered_place()
        return _json({
            "place": place.as_place() if place else None,
            **_offers(request, answer, lang),
            "services": [_service(item) for item in further_help(answer.question, place)],
            "emergency": [{"number": number, "label": str(label)} for number, label in EMERGENCY_NUMBERS],
        })


def _form_data(request: HttpRequest) -> dict[str, str]:
    """The query as the page's form takes it; no place means "I'd rather not say"."""
    data = {name: request.GET.get(name, "") for name in ERROR_CODES}
    if not data["place"]:
        data["no_place"] = "on"
    return data


def _offers(request: HttpRequest, answer: Answer, lang: str) -> dict[str, list[dict[str, Any]]]:
    # The write page in the language the person asked for, if the site speaks it.
    page_language = answer.question.language if answer.question.language in INTERFACE_LANGUAGES else lang
    return {
        "results": [_offer(request, offer, page_language) for offer in answer.offers],
        "helplines": [
            {**_offer(request, line, page_language), "phone": line.centre.phone or None}
            for line in answer.helplines
        ],
    }


def _offer(request: HttpRequest, offer: Offer, page_language: str) -> dict[str, Any]:
    centre = offer.centre
    return {
        "centre": {"slug": centre.slug, "name": centre.name, "type": centre.type},
        "reasons": offer.reasons,
        "languages": list(centre.languages),
        "channels": list(centre.channels),
        "anonymous_contact_url": _write_url(request, centre.slug, page_language) if offer.accepts_anonymous else None,
    }


def _service(item: FurtherHelp) -> dict[str, Any]:
    """A public directory entry near the place (nearby.py): public facts only."""
    return {
        "name": item.name,
        "provider": item.provider or None,
        "needs": item.needs,
        "languages": item.languages,
        "distance_km": item.distance_km,
        "address": item.address or None,
        # A confidential address (a women's shelter): the town alone, and distance_km null.
        "address_on_request": bool(item.address_note),
        "address_note": item.address_note or None,
        "phones": [number for number, _tel in item.phones],
        "reasons": item.reasons,
    }


def _write_url(request: HttpRequest, slug: str, language: str) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse("contact_public:write", args=[slug]))


def _error(code: str, message: str) -> JsonResponse:
    return _json({"error": {"code": code, "message": message}}, status=400)


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = CACHE_CONTROL
    return response
