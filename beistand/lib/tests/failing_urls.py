"""A URLconf with one view that fails, for the logging tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view failed")


urlpatterns = [path("explode/", explode)]
