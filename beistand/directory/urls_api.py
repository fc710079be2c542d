from django.urls import path

from beistand.directory import api

app_name = "hsds"
urlpatterns = [
    path("", api.meta, name="meta"),
    path("services", api.services, name="services"),
    path("services/<uuid:service_id>", api.service, name="service"),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<uuid:organization_id>", api.organization, name="organization"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
]
