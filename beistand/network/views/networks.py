"""Staff pages for networks and who coordinates them."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from beistand.lib.http import AuthenticatedRequest
from beistand.network import actions
from beistand.network import rules as network_rules
from beistand.network.forms import NetworkForm
from beistand.network.models import Network, Organisation
from beistand.network.views.common import reader_required, simple_form_page


@reader_required
def network_list(request: AuthenticatedRequest) -> HttpResponse:
    networks = (
        Network.objects.select_related("coordinated_by")
        .annotate(centre_count=Count("centres", distinct=True))
        .order_by("name")
    )
    editable = set(network_rules.editable_networks(request.user).values_list("pk", flat=True))
    context = {
        "networks": networks,
        "editable": editable,
        "can_add": network_rules.can_add_network.test(request.user),
        "nav": "network",
        "section": "networks",
    }
    return render(request, "network/network_list.html", context)


@reader_required
def network_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_rules.get_network_for_read(request.user, slug)
    context = {
        "network": network,
        "centres": network.centres.select_related("organisation").order_by("name"),
        "organisations": Organisation.objects.filter(networks=network).order_by("name"),
        "can_edit": network_rules.can_change_network.test(request.user, network),
        "nav": "network",
        "section": "networks",
    }
    return render(request, "network/network_detail.html", context)


@reader_required
def network_create(request: AuthenticatedRequest) -> HttpResponse:
    network_rules.require(network_rules.can_add_network, request.user)
    return _network_form_page(request, None)


@reader_required
def network_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_rules.get_network_for_edit(request.user, slug)
    return _network_form_page(request, network)


def _network_form_page(request: AuthenticatedRequest, network: Network | None) -> HttpResponse:
    return simple_form_page(
        request,
        network,
        form_class=NetworkForm,
        save=actions.save_network,
        saved_message=_("The network “%(name)s” was saved."),
        detail_url="network:network_detail",
        section="networks",
    )
