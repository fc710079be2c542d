"""Staff pages for organisations: carriers, partner agencies, ministries."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from beistand.lib.http import AuthenticatedRequest
from beistand.network import actions
from beistand.network import rules as network_rules
from beistand.network.forms import OrganisationForm
from beistand.network.models import Organisation
from beistand.network.views.common import reader_required, simple_form_page


@reader_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    organisations = Organisation.objects.annotate(centre_count=Count("centres")).order_by("name")
    editable = set(network_rules.editable_organisations(request.user).values_list("pk", flat=True))
    context = {
        "organisations": organisations,
        "editable": editable,
        "can_add": network_rules.can_add_organisation.test(request.user),
        "nav": "network",
        "section": "organisations",
    }
    return render(request, "network/organisation_list.html", context)


@reader_required
def organisation_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_rules.get_organisation_for_read(request.user, slug)
    context = {
        "organisation": organisation,
        "centres": organisation.centres.order_by("name"),
        "networks": organisation.networks.order_by("name"),
        "can_edit": network_rules.can_change_organisation.test(request.user, organisation),
        "nav": "network",
        "section": "organisations",
    }
    return render(request, "network/organisation_detail.html", context)


@reader_required
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    network_rules.require(network_rules.can_add_organisation, request.user)
    return _organisation_form_page(request, None)


@reader_required
def organisation_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_rules.get_organisation_for_edit(request.user, slug)
    return _organisation_form_page(request, organisation)


def _organisation_form_page(request: AuthenticatedRequest, organisation: Organisation | None) -> HttpResponse:
    return simple_form_page(
        request,
        organisation,
        form_class=OrganisationForm,
        save=actions.save_organisation,
        saved_message=_("The organisation “%(name)s” was saved."),
        detail_url="network:organisation_detail",
        section="organisations",
    )
