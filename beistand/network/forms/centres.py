"""The centre form and its opening-hours formset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beistand.lib.locking import VersionedForm
from beistand.network.choices import COUNSELLING_LANGUAGES, Channel, TargetGroup, Topic
from beistand.network.forms.fields import (
    CheckboxList,
    GroupedCheckboxSelectMultiple,
    administrative_region_choices,
    clean_slug_or_derive,
    code_list_field,
    district_choices,
    formfield,
    model_choice_field,
    phone_validator,
    postcode_validator,
    state_choices,
)
from beistand.network.forms.scoping import ScopedNetworksMixin
from beistand.network.models import Centre, OpeningHours

if TYPE_CHECKING:
    from beistand.accounts.models import User

BASIC_FIELDS = ["name", "slug", "type", "organisation", "description", "is_published"]
AREA_FIELDS = ["nationwide", "states", "administrative_regions", "districts", "service_area_note"]
OFFER_FIELDS = ["topics", "target_groups", "languages", "channels"]
CONTACT_FIELDS = ["phone", "email", "website", "street", "postcode", "city", "contact_is_example"]
# The form page shows the fields in these sections, each with a heading.
SECTIONS = [
    ("basic", _("Basic data"), BASIC_FIELDS),
    ("area", _("Service area"), AREA_FIELDS),
    ("offer", _("Whom the centre helps, and how"), OFFER_FIELDS),
    ("contact", _("Public contact data"), CONTACT_FIELDS),
]


class CentreForm(ScopedNetworksMixin, VersionedForm, forms.ModelForm):
    topics = code_list_field(Topic.choices, _("Topics"))
    target_groups = code_list_field(TargetGroup.choices, _("Target groups"))
    languages = code_list_field(COUNSELLING_LANGUAGES, _("Languages offered"))
    channels = code_list_field(Channel.choices, _("Ways of contact"))

    class Meta:
        model = Centre
        formfield_callback = formfield
        fields = [
            *BASIC_FIELDS, *AREA_FIELDS, *OFFER_FIELDS, *CONTACT_FIELDS,
            "opening_hours_note", "networks",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "states": CheckboxList,
            "administrative_regions": GroupedCheckboxSelectMultiple,
            "districts": GroupedCheckboxSelectMultiple,
            "networks": CheckboxList,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "slug": _("Part of the page address, e.g. opferberatung-dortmund. Left empty, it is made from the name."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["slug"].required = False
        model_choice_field(self, "states").choices = state_choices()
        model_choice_field(self, "administrative_regions").choices = administrative_region_choices()
        model_choice_field(self, "districts").choices = district_choices()
        self.fields["phone"].validators.append(phone_validator)
        self.fields["postcode"].validators.append(postcode_validator)
        self.scope_networks(user)

    def clean_slug(self) -> str:
        return clean_slug_or_derive(self, self.cleaned_data.get("slug", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        areas = [cleaned.get(name) for name in ("states", "administrative_regions", "districts")]
        if cleaned.get("nationwide") and any(areas):
            self.add_error(
                "nationwide",
                _("A nationwide centre needs no Länder, administrative districts or districts. "
                  "Untick “nationwide” or clear the regions."),
            )
        return cleaned

    def keeps_scope(self, chosen: list) -> bool:
        """A coordinator must leave the centre in one of their networks, or lose it."""
        return bool(chosen)

    def sections(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "fields": [self[name] for name in names]}
            for key, title, names in SECTIONS
        ]

    @property
    def region_data_missing(self) -> bool:
        return not model_choice_field(self, "states").choices


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be later than the opening time."))
        return cleaned


OpeningHoursFormSet = forms.inlineformset_factory(
    Centre,
    OpeningHours,
    form=OpeningHoursForm,
    extra=2,
    max_num=21,
    absolute_max=40,
    validate_max=True,
    can_delete=True,
)


def centre_forms(
    user: User, data: Any = None, instance: Centre | None = None
) -> tuple[CentreForm, forms.BaseInlineFormSet]:
    """The centre form and its opening hours, bound to the same (possibly new) centre."""
    instance = instance or Centre()
    form = CentreForm(data, instance=instance, user=user)
    hours = OpeningHoursFormSet(data, instance=instance, prefix="hours")
    return form, hours

