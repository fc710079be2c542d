"""The public help finder, under /<language>/help/ (no account, no cookies)."""

from django.urls import path

from beistand.helpfinder.views import public

app_name = "helpfinder_public"
urlpatterns = [
    path("", public.start, name="start"),
    path("results/", public.results, name="results"),
]
