"""The open, read-only HSDS 3.0 API: /api/v1/hsds/services, /organizations, /taxonomy_terms.

It only ever shows PUBLIC entries, to everybody alike — signed in or not —
so it needs no cookies and can be cached. Lists are paged as the HSDS OpenAPI
description says (total_items, total_pages, page_number, size, first_page,
last_page, empty, contents). Bad parameters answer 400 with
{"error": {"code", "message"}}; unknown or non-public ids the same 404.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from beistand.directory import access
from beistand.directory.hsds import documents
from beistand.directory.models import Provider, Service, TaxonomyTerm

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
CACHE_SECONDS = 300
HSDS_VERSION = "3.0.0"


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name, self.message = name, message


def api_view(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    @require_GET
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as bad:
            response = JsonResponse({"error": {"code": "bad_parameter", "parameter": bad.name, "message": bad.message}}, status=400)
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def not_found() -> JsonResponse:
    return JsonResponse({"error": {"code": "not_found", "message": "No public entry has this id."}}, status=404)


@api_view
def meta(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"version": HSDS_VERSION, "profile": "https://docs.openreferral.org/en/3.0/"})


@api_view
def services(request: HttpRequest) -> JsonResponse:
    full = _boolean(request, "full")
    found = documents.services_for_api(_filtered_services(request), full).order_by("name", "pk")
    builder = documents.service_document if full else documents.service_summary
    return _page(request, found, builder)


@api_view
def service(request: HttpRequest, service_id: uuid.UUID) -> JsonResponse:
    found = documents.services_for_api(access.public_services().filter(public_id=service_id), full=True).first()
    return JsonResponse(documents.service_document(found)) if found else not_found()


@api_view
def organizations(request: HttpRequest) -> JsonResponse:
    providers = Provider.objects.filter(pk__in=access.public_services().values("provider")).order_by("name", "pk")
    search = request.GET.get("search", "").strip()
    if search:
        providers = providers.filter(name__icontains=search)
    if _boolean(request, "full") or _boolean(request, "full_service"):
        return _page(request, providers, _organization_with_services)
    return _page(request, providers, documents.organization_summary)


@api_view
def organization(request: HttpRequest, organization_id: uuid.UUID) -> JsonResponse:
    provider = Provider.objects.filter(
        public_id=organization_id, pk__in=access.public_services().values("provider")
    ).first()
    return JsonResponse(_organization_with_services(provider)) if provider else not_found()


@api_view
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "position", "name")
    taxonomy_id = request.GET.get("taxonomy_id")
    if taxonomy_id:
        terms = terms.filter(taxonomy__public_id=_uuid("taxonomy_id", taxonomy_id))
    return _page(request, terms, documents.term_document)


def _organization_with_services(provider: Provider) -> dict[str, Any]:
    public = list(access.public_services().filter(provider=provider).select_related("provider").order_by("name", "pk"))
    return documents.organization_document(provider, public)


# --- Parameters ----------------------------------------------------------------------------


def _filtered_services(request: HttpRequest) -> QuerySet[Service]:
    found = access.public_services()
    search = request.GET.get("search", "").strip()
    if search:
        found = found.filter(Q(name__icontains=search) | Q(description__icontains=search) | Q(provider__name__icontains=search))
    if request.GET.get("taxonomy_term_id"):
        found = found.filter(attributes__term__public_id=_uuid("taxonomy_term_id", request.GET["taxonomy_term_id"]))
    if request.GET.get("taxonomy_id"):
        found = found.filter(attributes__term__taxonomy__public_id=_uuid("taxonomy_id", request.GET["taxonomy_id"])).distinct()
    if request.GET.get("organization_id"):
        found = found.filter(provider__public_id=_uuid("organization_id", request.GET["organization_id"]))
    if request.GET.get("modified_after"):
        found = found.filter(updated_at__gte=_moment("modified_after", request.GET["modified_after"]))
    return found


def _uuid(name: str, text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise BadParameter(name, f"{name} must be a UUID.") from None


def _moment(name: str, text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(name, f"{name} must be a date and time in ISO 8601, e.g. 2026-01-31T12:00:00Z.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _boolean(request: HttpRequest, name: str) -> bool:
    text = request.GET.get(name, "false").lower()
    if text not in ("true", "false", "1", "0"):
        raise BadParameter(name, f"{name} must be true or false.")
    return text in ("true", "1")


def _positive(request: HttpRequest, name: str, default: int, maximum: int | None = None) -> int:
    text = request.GET.get(name, str(default))
    if not text.isdigit() or int(text) < 1 or (maximum is not None and int(text) > maximum):
        limit = f" and at most {maximum}" if maximum else ""
        raise BadParameter(name, f"{name} must be a whole number of at least 1{limit}.")
    return int(text)


def _page(request: HttpRequest, rows: QuerySet[Any], builder: Callable[[Any], dict[str, Any]]) -> JsonResponse:
    per_page = _positive(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    number = _positive(request, "page", 1)
    paginator = Paginator(rows, per_page, allow_empty_first_page=True)
    total = paginator.count
    pages = max(1, math.ceil(total / per_page))
    contents = [builder(row) for row in paginator.page(number).object_list] if number <= pages else []
    return JsonResponse({
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    })
