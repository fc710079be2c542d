"""The project's URLs plus a staff area the MFA middleware has never heard of."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from beistand.urls import urlpatterns as project_urlpatterns


def case_list(request):  # type: ignore[no-untyped-def]
    return HttpResponse("case list")


urlpatterns = [
    *project_urlpatterns,
    *i18n_patterns(
        path("staff/cases/", include(([path("", case_list, name="case_list")], "cases"))),
        prefix_default_language=True,
    ),
]
