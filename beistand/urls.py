"""Top-level URLs. Every page lives under a language prefix (/de/, /ar/, ...), so
the language is part of the address and needs no cookie."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from beistand.workspace import views as workspace_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("health/", workspace_views.health, name="health"),
    # Read-only JSON APIs: no language prefix, no cookies.
    path("api/v1/hsds/", include("beistand.directory.urls_api")),
    path("api/v1/", include("beistand.helpfinder.urls_api")),
]

urlpatterns += i18n_patterns(
    path("", include("beistand.network.urls_public")),
    path("accounts/", include("beistand.accounts.urls")),
    path("staff/", include("beistand.workspace.urls")),
    path("staff/network/", include("beistand.network.urls")),
    path("write/", include("beistand.contact.urls_public")),
    path("help/", include("beistand.helpfinder.urls_public")),
    path("staff/cases/", include("beistand.cases.urls")),
    path("staff/inbox/", include("beistand.contact.urls")),
    path("staff/helpfinder/", include("beistand.helpfinder.urls")),
    path("staff/directory/", include("beistand.directory.urls")),
    path("staff/accounts/", include("beistand.accounts.urls_staff")),
    path("staff/audit/", include("beistand.audit.urls")),
    prefix_default_language=True,
)
