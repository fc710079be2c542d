"""The public read-only JSON API, under /api/v1/ (no language prefix, no cookies)."""

from django.urls import path

from beistand.helpfinder import api

app_name = "api"
urlpatterns = [
    path("helpfinder", api.helpfinder, name="helpfinder"),
]
