"""Template helpers of the inbox."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language_info

from beistand.cases.templatetags.cases import works_on_cases

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The language's name in the page's language; the code itself if it is unknown."""
    try:
        return str(get_language_info(code)["name_translated"]) if code else ""
    except KeyError:
        return code


@register.filter
def uses_inbox(request: Any) -> bool:
    """Whether the workspace navigation shows the inbox: the same people as the cases (asked once per request)."""
    return works_on_cases(request)
