"""Template helpers of the referral directory: whether the workspace navigation shows it."""

from __future__ import annotations

from typing import Any

from django import template

from beistand.directory import access

register = template.Library()


@register.filter
def uses_directory(request: Any) -> bool:
    """Counsellors, leads, coordinators and admins; not referrers. The scope is kept for the request."""
    user = getattr(request, "user", None)
    return user is not None and access.scope_of(user).reads
