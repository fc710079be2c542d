"""Template helpers of the referral directory: whether the workspace navigation shows it."""

from __future__ import annotations

from typing import Any

from django import template

from beistand.cases.templatetags.cases import works_on_cases
from beistand.directory import access

register = template.Library()


@register.filter
def uses_directory(request: Any) -> bool:
    """Counsellors, leads, coordinators and admins; not referrers. The scope is kept for the request."""
    if works_on_cases(request):
        return True  # counsellors and leads read it; known already, no query
    user = getattr(request, "user", None)
    return user is not None and access.scope_of(user).reads
