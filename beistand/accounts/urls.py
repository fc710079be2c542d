"""Sign-in, second factor and password pages (django-allauth), without signup."""

from django.urls import include, path

urlpatterns = [
    path("", include("allauth.urls")),
]
