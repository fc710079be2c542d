"""Staff pages for routing rules: all rules, one centre's rules, create, change, delete."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beistand.helpfinder import access, actions
from beistand.helpfinder.choices import Situation
from beistand.helpfinder.forms import RoutingRuleForm
from beistand.helpfinder.models import RoutingRule
from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import StaleEdit
from beistand.network.models import Centre
from beistand.network.rules import editable_centres
from beistand.network.service_area import service_area_parts, with_service_area
from beistand.network.views.common import error_summary, reader_required


def _nav(request: AuthenticatedRequest) -> dict[str, object]:
    return {"nav": "network", "section": "routing",
            "can_view_coverage": access.can_view_coverage.test(request.user)}


@reader_required
def rule_list(request: AuthenticatedRequest) -> HttpResponse:
    situation = request.GET.get("situation", "")
    rules = access.rules_for_read(request.user).order_by("centre__name", "situation")
    if situation in Situation.values:
        rules = rules.filter(situation=situation)
    context = {
        "rules": rules,
        "situation": situation,
        "situations": Situation.choices,
        "editable": set(editable_centres(request.user).values_list("pk", flat=True)),
        **_nav(request),
    }
    return render(request, "helpfinder/staff/rule_list.html", context)


@reader_required
def centre_rules(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    centre = access.get_centre_for_rules(request.user, slug)
    centre = with_service_area(Centre.objects.filter(pk=centre.pk)).get()
    context = {
        "centre": centre,
        "service_area": service_area_parts(centre),
        "rules": RoutingRule.objects.filter(centre=centre).order_by("situation"),
        "can_edit": access.may_edit_rules_of(request.user, centre),
        **_nav(request),
    }
    return render(request, "helpfinder/staff/centre_rules.html", context)


@reader_required
def rule_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    centre = access.get_centre_for_new_rule(request.user, slug)
    return _rule_form_page(request, centre, RoutingRule(centre=centre))


@reader_required
def rule_edit(request: AuthenticatedRequest, rule_id: UUID) -> HttpResponse:
    rule = access.get_rule_for_edit(request.user, rule_id)
    return _rule_form_page(request, rule.centre, rule)


def _rule_form_page(request: AuthenticatedRequest, centre: Centre, rule: RoutingRule) -> HttpResponse:
    creating = rule.pk is None
    data = request.POST if request.method == "POST" else None
    form = RoutingRuleForm(data, instance=rule, centre=centre)
    stale = False
    if data is not None and form.is_valid():
        try:
            actions.save_rule(request.user, form)
        except StaleEdit:
            stale = True
            form = _with_current_version(request, form, rule)
        else:
            messages.success(request, _("The routing rule was saved."))
            return redirect("helpfinder:centre_rules", centre.slug)
    context = {
        "form": form,
        "centre": centre,
        "creating": creating,
        "stale": stale,
        "errors": error_summary(form) if form.is_bound else [],
        **_nav(request),
    }
    return render(request, "helpfinder/staff/rule_form.html", context)


def _with_current_version(
    request: AuthenticatedRequest, form: RoutingRuleForm, rule: RoutingRule
) -> RoutingRuleForm:
    """The typed form again, now carrying the stored version: saving it once more is deliberate."""
    current = RoutingRule.objects.filter(pk=rule.pk).values_list("version", flat=True).first()
    if current is None:
        raise Http404  # deleted in the meantime
    data = request.POST.copy()
    data["version"] = str(current)
    again = RoutingRuleForm(data, instance=rule, centre=form.centre)
    again.is_valid()
    return again


@reader_required
def rule_delete(request: AuthenticatedRequest, rule_id: UUID) -> HttpResponse:
    rule = access.get_rule_for_edit(request.user, rule_id)
    if request.method == "POST":
        actions.delete_rule(request.user, rule)
        messages.success(request, _("The routing rule was deleted."))
        return redirect("helpfinder:centre_rules", rule.centre.slug)
    return render(request, "helpfinder/staff/rule_delete.html", {"rule": rule, "centre": rule.centre, **_nav(request)})
