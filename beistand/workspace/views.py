"""The staff workspace's start page and the health check for operators."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from beistand.cases import access, notices
from beistand.cases.views.dashboard import week_summary
from beistand.lib.http import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("centre", "organisation").order_by(
        "centre__name", "organisation__name"
    )
    context = {"memberships": memberships, "nav": "home"}
    if access.is_caseworker(request.user):
        # Counsellors and leads: their unread notices and what their week holds.
        context["notices"] = list(notices.unread(request.user)[: notices.UNREAD_ON_PAGE])
        context["week"] = week_summary(request.user)
    return render(request, "workspace/home.html", context)


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers. No content, no cookies."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")
