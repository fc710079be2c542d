"""The audit-overhead figure: the staff page of one centre, as it is, and with a read event.

The plain route is the real view; the audited route wraps the same view and
writes the event a read of a personal record writes, so the difference is the
cost of auditing a read (actor role lookup and one insert).
"""

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import path

from beistand import urls as project_urls
from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.network.views import centre_detail

CENTRE_ID = uuid.UUID(int=1)


def audited_centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    response = centre_detail(request, slug)
    # A real view has the object at hand; naming it here costs no extra query.
    record(Action.READ, object_type="network.centre", object_id=slug, centre_id=CENTRE_ID)
    return response


# The project's own URLs stay, so the page's links resolve as usual.
urlpatterns = [
    path("plain/<slug:slug>/", centre_detail),
    path("audited/<slug:slug>/", audited_centre_detail),
    *project_urls.urlpatterns,
]
