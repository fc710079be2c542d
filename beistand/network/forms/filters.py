"""The filter form of the staff centre list (GET, never stored)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from beistand.network.choices import CentreType
from beistand.network.forms.fields import choice_field
from beistand.network.models import AdministrativeRegion, Centre, Network, State


def area_choices() -> list[Any]:
    """Whole Länder and their Regierungsbezirke, as "state:05" and "region:059"."""
    regions_by_state: dict[int, list[tuple[str, str]]] = {}
    for region in AdministrativeRegion.objects.order_by("name"):
        regions_by_state.setdefault(region.state_id, []).append((f"region:{region.ags}", region.name))
    choices: list[Any] = [("", _("All regions"))]
    for state in State.objects.order_by("name"):
        whole = (f"state:{state.ags}", _("%(name)s (whole Land)") % {"name": state.name})
        choices.append((state.name, [whole, *regions_by_state.get(state.pk, [])]))
    return choices


class CentreFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)
    area = forms.ChoiceField(label=_("Works in"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "type").choices = [("", _("All types")), *CentreType.choices]
        choice_field(self, "network").choices = [
            ("", _("All networks")),
            *Network.objects.order_by("name").values_list("slug", "name"),
        ]
        choice_field(self, "area").choices = area_choices()

    def filter(self, centres: QuerySet[Centre]) -> QuerySet[Centre]:
        """Applies the valid filters; an invalid one is shown as an error and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if text := data.get("q"):
            centres = centres.filter(
                Q(name__icontains=text) | Q(city__icontains=text) | Q(organisation__name__icontains=text)
            )
        if data.get("type"):
            centres = centres.filter(type=data["type"])
        if data.get("network"):
            centres = centres.filter(networks__slug=data["network"])
        if data.get("area"):
            centres = centres.filter(_area_query(data["area"]))
        return centres.distinct()


def _area_query(value: str) -> Q:
    """Centres working anywhere in the Land or Regierungsbezirk (nationwide ones included)."""
    level, _sep, ags = value.partition(":")
    if level == "state":
        return (
            Q(nationwide=True) | Q(states__ags=ags)
            | Q(administrative_regions__state__ags=ags) | Q(districts__state__ags=ags)
        )
    return (
        Q(nationwide=True) | Q(states__administrative_regions__ags=ags)
        | Q(administrative_regions__ags=ags) | Q(districts__administrative_region__ags=ags)
    )
