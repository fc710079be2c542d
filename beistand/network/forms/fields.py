"""Form fields shared by the directory forms: code lists, regions, slugs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from beistand.network.models import AdministrativeRegion, District, State

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Addresses below these path segments are taken by pages of their own.
RESERVED_SLUGS = {"new"}

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()/\-]{1,38}$",
    _("Enter a phone number using digits, spaces and + ( ) / - only."),
)
postcode_validator = RegexValidator(r"^[0-9]{5}$", _("Enter a postcode of five digits."))

_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Model form fields as usual, but addresses typed without a scheme become https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def make_slug(name: str, max_length: int = 80) -> str:
    """A readable ASCII slug: "Köln" becomes "koeln", not "koln"."""
    return slugify(name.translate(_GERMAN_LETTERS))[:max_length].strip("-")


def clean_slug_or_derive(form: forms.BaseForm, value: str) -> str:
    """The slug as typed, or one made from the name when left empty."""
    slug = value or make_slug(form.cleaned_data.get("name") or "")
    if not slug:
        raise forms.ValidationError(
            _("Enter a short name for addresses (letters, digits and hyphens)."), code="required"
        )
    if slug in RESERVED_SLUGS:
        raise forms.ValidationError(_("This short name is reserved; choose another."), code="reserved")
    return slug


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes laid out as a grid: the class goes on the container, not on every box."""

    def __init__(self, attrs: dict | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "checkbox-list", **(attrs or {})}, choices)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"].pop("class", None)
        return option


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in collapsible groups (one fieldset each); groups with a choice start open.

    Works without JavaScript; each group is a <details> element with a
    fieldset inside, so screen readers announce the group with each box.
    """

    template_name = "network/widgets/grouped_checkboxes.html"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {
                "name": group,
                "options": options,
                "selected": sum(1 for option in options if option["selected"]),
            }
            for group, options, _index in context["widget"]["optgroups"]
        ]
        return context


def code_list_field(choices: Any, label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=CheckboxList,
    )


def district_label(district: District) -> str:
    """The district's name, marked as Landkreis where a city of the same name exists."""
    if district.kind == District.Kind.URBAN:
        return district.name
    return f"{district.name} ({district.get_kind_display()})"


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, typed as such (form.fields holds plain Fields for type checkers)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a programming error, not input
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error, not input
    return field


def state_choices() -> list[tuple[int, str]]:
    return [(state.pk, state.name) for state in State.objects.order_by("name")]


def administrative_region_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Regierungsbezirke grouped by Land."""
    groups: dict[str, list[tuple[int, str]]] = {}
    regions = AdministrativeRegion.objects.select_related("state").order_by("state__name", "name")
    for region in regions:
        groups.setdefault(region.state.name, []).append((region.pk, region.name))
    return list(groups.items())


def district_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Kreise grouped by Land and, where the Land has them, Regierungsbezirk."""
    groups: dict[str, list[tuple[int, str]]] = {}
    districts = District.objects.select_related("state", "administrative_region").order_by(
        "state__name", "administrative_region__name", "name"
    )
    for district in districts:
        group = district.state.name
        if district.administrative_region:
            group = f"{group} \N{EN DASH} {district.administrative_region.name}"
        groups.setdefault(group, []).append((district.pk, district_label(district)))
    return list(groups.items())
