"""Staff pages for organisations: carriers, partner agencies, ministries."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beistand.lib.http import AuthenticatedRequest
from beistand.network import actions
from beistand.network import rules as network_rules
from beistand.network.forms import OrganisationForm
from beistand.network.models import Organisation
from beistand.network.views.common import error_summary, reader_required


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
    saved_slug, saved_name = (organisation.slug, organisation.name) if organisation else (None, None)
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, instance=organisation, user=request.user)
    if data is not None and form.is_valid():
        saved = actions.save_organisation(request.user, form)
        messages.success(request, _("The organisation “%(name)s” was saved.") % {"name": saved.name})
        return redirect("network:organisation_detail", saved.slug)
    context = {
        "form": form,
        "errors": error_summary(form),
        "saved_slug": saved_slug,
        "saved_name": saved_name,
        "nav": "network",
        "section": "organisations",
    }
    return render(request, "network/organisation_form.html", context)
