"""Template helpers of the case work."""

from __future__ import annotations

from typing import Any

from django import template

from beistand.cases import access

register = template.Library()

_CACHE_ATTRIBUTE = "_beistand_works_on_cases"


def remember_caseworker(request: Any) -> None:
    """Notes that the request passed the caseworker check, so the layout need not ask again."""
    setattr(request, _CACHE_ATTRIBUTE, True)


@register.filter
def works_on_cases(request: Any) -> bool:
    """Whether the workspace navigation shows the cases: counsellors and leads only.

    Worked out once per request, however often the layout asks.
    """
    if request is None:
        return False
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = access.is_caseworker(getattr(request, "user", None))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return bool(cached)
