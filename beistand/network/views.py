"""The network directory in the staff workspace."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from beistand.network.models import Centre


@login_required
def centre_list(request: HttpRequest) -> HttpResponse:
    centres = Centre.objects.select_related("organisation")
    return render(request, "network/centre_list.html", {"centres": centres, "nav": "network"})
