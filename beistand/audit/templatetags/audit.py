"""Template helpers of the audit app."""

from __future__ import annotations

from typing import Any

from django import template

from beistand.audit import access

register = template.Library()


@register.filter
def may_view_audit(request: Any) -> bool:
    """Whether the workspace navigation shows the audit log on this request."""
    return request is not None and access.may_view_audit(request)
