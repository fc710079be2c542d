"""The public face of the network directory: no account, no cookies."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from beistand.network.choices import CentreType
from beistand.network.models import Centre


def home(request: HttpRequest) -> HttpResponse:
    helplines = Centre.objects.published().filter(type=CentreType.HELPLINE, nationwide=True)
    return render(request, "network/public/home.html", {"helplines": helplines})


def centre_list(request: HttpRequest) -> HttpResponse:
    centres = Centre.objects.published().select_related("organisation")
    return render(request, "network/public/centre_list.html", {"centres": centres})


def centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    centre = get_object_or_404(Centre.objects.published(), slug=slug)
    return render(request, "network/public/centre_detail.html", {"centre": centre})
