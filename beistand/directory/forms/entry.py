"""The entry form: provider, service, needs and features, languages, place, phones, opening hours.

One page edits an entry with its HSDS parts. The hidden `version` carries
optimistic locking (Service.save_checked): a stale save keeps the input and
says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms import BaseInlineFormSet
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from beistand.directory import access
from beistand.directory.choices import (
    CONFIDENTIAL_ADDRESS,
    FEATURES,
    NEEDS,
    LocationType,
    Visibility,
    Weekday,
)
from beistand.directory.models import Location, Phone, Provider, Schedule, Service, TaxonomyTerm
from beistand.directory.validation import (
    Hours,
    clean_phone,
    coordinates_problem,
    markup_in,
    overlapping_hours,
)
from beistand.network.choices import COUNSELLING_LANGUAGES
from beistand.network.forms.fields import (
    CheckboxList,
    formfield,
    model_choice_field,
    postcode_validator,
)

if TYPE_CHECKING:
    from beistand.accounts.models import User

PLAIN_TEXT_FIELDS = (
    "description", "application_process", "eligibility_description", "fees_description",
    "interpretation_services", "accreditations", "alert", "transportation", "name",
)


def refuse_markup(form: forms.BaseForm) -> None:
    """Descriptions are plain text: markup would show as it is, so it is refused with a clear message."""
    for name in PLAIN_TEXT_FIELDS:
        found = markup_in(form.cleaned_data.get(name) or "") if name in form.fields else ""
        if found:
            form.add_error(name, _("Plain text only: remove the markup “%(markup)s”.") % {"markup": found})


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        formfield_callback = formfield
        fields = ["name", "description", "website", "email", "legal_status"]
        labels = {"name": _("Name of the provider (practice, office, association)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        refuse_markup(self)
        return self.cleaned_data


class TermsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        depth = getattr(obj, "depth", 0) or (1 if obj.parent_id else 0)
        return "\N{EM DASH} " * depth + obj.name


class ServiceForm(forms.ModelForm):
    needs = TermsField(label=_("Needs it meets"), queryset=TaxonomyTerm.objects.none(), required=False, widget=CheckboxList)
    features = TermsField(label=_("Features"), queryset=TaxonomyTerm.objects.none(), required=False, widget=CheckboxList)
    languages = forms.MultipleChoiceField(
        label=_("Languages the staff speak"), choices=COUNSELLING_LANGUAGES, required=False, widget=CheckboxList
    )
    verified_now = forms.BooleanField(
        label=_("I have checked these details today"), required=False,
        help_text=_("Sets “last verified” to today, with your name."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        formfield_callback = formfield
        fields = [
            "name", "description", "status", "url", "email", "application_process",
            "eligibility_description", "fees_description", "interpretation_services", "accreditations",
            "minimum_age", "maximum_age", "alert", "visibility", "network", "owner_centre",
        ]
        labels = {"name": _("Name of the entry")}
        help_texts = {
            "name": _("What counsellors look for, e.g. “Trauma therapy in Arabic and Kurdish”."),
            "visibility": _("Public entries also appear in the help finder and the open API."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "interpretation_services": forms.Textarea(attrs={"rows": 2}),
            "accreditations": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            field.label = capfirst(field.label) if field.label else field.label
        model_choice_field(self, "needs").queryset = TaxonomyTerm.objects.filter(taxonomy__code=NEEDS).order_by("position")
        # The confidential address is the location's own checkbox (PlaceForm), not a feature of the entry.
        model_choice_field(self, "features").queryset = (
            TaxonomyTerm.objects.filter(taxonomy__code=FEATURES).exclude(code=CONFIDENTIAL_ADDRESS).order_by("position")
        )
        # An editor keeps what the entry has, and may choose among what they maintain.
        model_choice_field(self, "network").queryset = access.network_choices(user, keep=self.instance.network_id)
        model_choice_field(self, "owner_centre").queryset = access.owner_centre_choices(user, keep=self.instance.owner_centre_id)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            self.initial["needs"] = [a.term_id for a in self.instance.attributes.filter(term__taxonomy__code=NEEDS)]
            self.initial["features"] = [a.term_id for a in self.instance.attributes.filter(term__taxonomy__code=FEATURES)]
            self.initial["languages"] = list(self.instance.languages.values_list("code", flat=True))
        else:
            self._default_owner()

    def _default_owner(self) -> None:
        centres = list(access.owner_centre_choices(self.user)[:2])
        networks = list(access.network_choices(self.user)[:2])
        if len(centres) == 1:
            self.initial.setdefault("owner_centre", centres[0].pk)
        if len(networks) == 1:
            self.initial.setdefault("network", networks[0].pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        refuse_markup(self)
        data = self.cleaned_data
        visibility, network, centre = data.get("visibility"), data.get("network"), data.get("owner_centre")
        if visibility == Visibility.CENTRE and centre is None:
            self.add_error("owner_centre", _("An entry only for one centre needs that centre."))
        if visibility == Visibility.NETWORK and network is None:
            self.add_error("network", _("A network-wide entry needs its network."))
        if visibility and (network or centre) and not self._still_editable(network, centre):
            self.add_error(None, _("Choose a network you coordinate or a centre you lead: otherwise you could no longer edit this entry."))
        minimum, maximum = data.get("minimum_age"), data.get("maximum_age")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("maximum_age", _("The maximum age is below the minimum age."))
        return data

    def _still_editable(self, network: Any, centre: Any) -> bool:
        scope = access.scope_of(self.user)
        return scope.edits_all or (network is not None and network.pk in scope.coordinated) or (
            centre is not None and centre.pk in scope.led_centres
        )

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def show_stale(self, current_version: int | None, message: str) -> None:
        """Keep the input, say why, and take the current version so that saving again is deliberate."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.add_prefix("version")] = "" if current_version is None else str(current_version)
        self.data = data
        self.add_error(None, message)


class PlaceForm(forms.ModelForm):
    """The entry's main location with its address; empty for services reached by phone or online only."""

    address_1 = forms.CharField(label=_("Street and number"), required=False, max_length=250)
    postal_code = forms.CharField(label=_("Postcode"), required=False, max_length=5, validators=[postcode_validator])
    city = forms.CharField(label=_("Town"), required=False, max_length=150)
    state_province = forms.CharField(label=_("Federal state"), required=False, max_length=100, initial="Nordrhein-Westfalen")

    class Meta:
        model = Location
        fields = [
            "address_1", "postal_code", "city", "state_province", "address_is_confidential",
            "transportation", "latitude", "longitude",
        ]
        widgets = {"transportation": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "transportation": _("E.g. “Tram U43 to Reinoldikirche, then 3 minutes on foot; lift at the back entrance.”"),
            "latitude": _("Leave empty: the postcode's centre is used."),
            "address_is_confidential": _(
                "E.g. a women's shelter: the street, the directions and the exact position never appear in the "
                "help finder or the open API, and only the postcode's centre is kept as the position."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label) if field.label else field.label
        address = self.instance.addresses.first() if self.instance.pk else None
        if address is not None:
            for name in ("address_1", "postal_code", "city", "state_province"):
                self.initial[name] = getattr(address, name)

    def has_address(self) -> bool:
        return bool(self.cleaned_data.get("address_1") or self.cleaned_data.get("postal_code") or self.cleaned_data.get("city"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        refuse_markup(self)
        data = self.cleaned_data
        if self.has_address():
            for name in ("address_1", "postal_code", "city"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Complete the address, or leave all of its fields empty."))
        problem = coordinates_problem(data.get("latitude"), data.get("longitude"))
        if problem:
            self.add_error("latitude", problem)
        self.instance.location_type = LocationType.PHYSICAL
        return data


class PhoneForm(forms.ModelForm):
    class Meta:
        model = Phone
        fields = ["number", "description"]
        widgets = {"number": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def clean_number(self) -> str:
        shown, problem = clean_phone(self.cleaned_data.get("number", ""))
        if problem:
            raise forms.ValidationError(problem, code="phone")
        return shown


class HoursForm(forms.ModelForm):
    byday = forms.MultipleChoiceField(label=_("Weekdays"), choices=Weekday.choices, widget=CheckboxList)

    class Meta:
        model = Schedule
        fields = ["byday", "opens_at", "closes_at"]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opens_at"].required = self.fields["closes_at"].required = True
        if self.instance.pk:
            self.initial["byday"] = self.instance.days

    def clean_byday(self) -> str:
        return ",".join(self.cleaned_data.get("byday") or [])

    def clean(self) -> dict[str, Any]:
        super().clean()
        opens, closes = self.cleaned_data.get("opens_at"), self.cleaned_data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must come after the opening time."))
        return self.cleaned_data


class BaseHoursFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        periods = [
            Hours(tuple(form.cleaned_data["byday"].split(",")), form.cleaned_data["opens_at"], form.cleaned_data["closes_at"])
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not form.cleaned_data.get("DELETE") and form.cleaned_data.get("byday")
            and form.cleaned_data.get("opens_at") and form.cleaned_data.get("closes_at")
        ]
        problem = overlapping_hours(periods)
        if problem:
            raise forms.ValidationError(problem, code="overlap")


PhoneFormSet = forms.inlineformset_factory(Service, Phone, form=PhoneForm, extra=2, max_num=10, can_delete=True)
HoursFormSet = forms.inlineformset_factory(
    Service, Schedule, form=HoursForm, formset=BaseHoursFormSet, extra=3, max_num=21, can_delete=True
)


@dataclass
class EntryForms:
    provider: ProviderForm
    service: ServiceForm
    place: PlaceForm
    phones: Any
    hours: Any

    def all(self) -> list[Any]:
        return [self.provider, self.service, self.place, self.phones, self.hours]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.all()])  # every part validated: all errors at once


def entry_forms(user: User, data: Any, service: Service | None) -> EntryForms:
    service = service or Service()
    provider = service.provider if service.pk else None
    location = first_location(service) if service.pk else None
    return EntryForms(
        provider=ProviderForm(data, instance=provider, prefix="provider"),
        service=ServiceForm(data, instance=service, user=user, prefix="entry"),
        place=PlaceForm(data, instance=location, prefix="place"),
        phones=PhoneFormSet(data, instance=service, prefix="phones", queryset=Phone.objects.filter(service=service) if service.pk else Phone.objects.none()),
        hours=HoursFormSet(data, instance=service, prefix="hours"),
    )


def first_location(service: Service) -> Location | None:
    link = service.at_locations.select_related("location").order_by("pk").first()
    return link.location if link else None
