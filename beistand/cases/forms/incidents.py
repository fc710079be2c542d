"""The incident form (codes from the lists the centre uses, the place resolved to a Gemeinde) and linking.

The place is typed as a postcode or a town and resolved through
network.places.lookup_place(); where it fits several Gemeinden (a postcode
across a border, a common town name) the form asks which one. The Kreis is
derived from the Gemeinde. Dates known only to the month or year are stored as
the first day of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from beistand.cases import access
from beistand.cases.choices import DatePrecision
from beistand.cases.codes import code_label, codes_for_centre
from beistand.cases.forms.work import DATE_WIDGET, CaseRecordForm
from beistand.cases.models import Case, Code, CodeScheme, Incident
from beistand.network.forms.fields import CheckboxList
from beistand.network.models import District, Municipality
from beistand.network.places import PlaceLookup, lookup_place

if TYPE_CHECKING:
    from beistand.accounts.models import User

# Form field → code scheme.
CODE_FIELDS = {
    "motives": CodeScheme.MOTIVE,
    "offence": CodeScheme.OFFENCE,
    "rias_type": CodeScheme.RIAS_TYPE,
    "rias_background": CodeScheme.RIAS_BACKGROUND,
    "discrimination_grounds": CodeScheme.DISCRIMINATION_GROUND,
    "life_area": CodeScheme.LIFE_AREA,
}
SECTIONS = [
    ("when", _("When and where"), ["occurred_on", "date_precision", "place", "place_choice", "exact_place"]),
    ("what", _("What happened"), ["motives", "offence", "rias_type", "rias_background",
                                  "discrimination_grounds", "life_area"]),
    ("who", _("Perpetrators"), ["perpetrator_count", "perpetrator_relation", "perpetrators_organised"]),
    ("counting", _("Counting"), ["affected_count", "minors_count", "reported_to_police", "source",
                                 "verification", "counting_rule"]),
    ("description", _("Description"), ["description"]),
]


class CodeLabels:
    """Labels of codes: sub-counts indented, the network named when lists of several mix,
    and codes that new incidents no longer get marked as such."""

    mixed_networks = False
    offered: set[int] = set()

    def label_from_instance(self, obj: Any) -> str:
        label = code_label(obj, with_network=self.mixed_networks)
        if obj.pk not in self.offered:
            return str(_("%(label)s (no longer in use)") % {"label": label})
        return label


class CodeChoiceField(CodeLabels, forms.ModelChoiceField):
    pass


class CodesField(CodeLabels, forms.ModelMultipleChoiceField):
    pass


def _code_field(name: str, label: Any, multiple: bool) -> forms.Field:
    if multiple:
        return CodesField(label=label, queryset=Code.objects.none(), required=False, widget=CheckboxList)
    return CodeChoiceField(label=label, queryset=Code.objects.none(), required=False, empty_label="–")


class IncidentForm(CaseRecordForm):
    place = forms.CharField(
        label=_("Place"), required=False, max_length=100,
        help_text=_("Postcode or name of the town. The district is derived from it."),
    )
    # Checked against the candidates of the typed place in clean(), not as a ChoiceField: a choice
    # left over from an earlier place (a hidden field) must not become an error the user cannot see.
    place_choice = forms.CharField(label=_("Which municipality is meant?"), required=False)
    motives = _code_field("motives", _("motives"), multiple=True)
    offence = _code_field("offence", _("offence (most serious)"), multiple=False)
    rias_type = _code_field("rias_type", _("antisemitic incident type"), multiple=False)
    rias_background = _code_field("rias_background", _("political background"), multiple=False)
    discrimination_grounds = _code_field("discrimination_grounds", _("grounds of discrimination"), multiple=True)
    life_area = _code_field("life_area", _("area of life"), multiple=False)
    date_fields = ("occurred_on",)

    class Meta:
        model = Incident
        fields = [
            "occurred_on", "date_precision", "exact_place", *CODE_FIELDS,
            "perpetrator_count", "perpetrator_relation", "perpetrators_organised", "reported_to_police",
            "source", "verification", "counting_rule", "affected_count", "minors_count", "description",
        ]
        widgets = {
            "occurred_on": DATE_WIDGET,
            "date_precision": forms.RadioSelect,
            "exact_place": forms.TextInput(attrs={"autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "date_precision": _("Known only to the month or year: enter any day of it."),
            "exact_place": _("Street, stop or building; stored encrypted. Leave empty if not needed."),
        }

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, user=user, **kwargs)
        self._scope_codes()
        self._prepare_place()

    # --- codes ------------------------------------------------------------------------------

    def _scope_codes(self) -> None:
        """New incidents get the active codes of the current lists; an edit keeps what it has."""
        offered = codes_for_centre(self.case.centre)
        kept = self._codes_in_use()
        for name, scheme in CODE_FIELDS.items():
            field = self.fields[name]
            assert isinstance(field, CodeChoiceField | CodesField)  # noqa: S101 - programming error
            ids = {code.pk for code in offered.get(scheme, [])}
            field.offered = ids
            field.mixed_networks = len({code.code_list_id for code in offered.get(scheme, [])}) > 1
            field.queryset = (
                Code.objects.filter(Q(pk__in=ids) | Q(pk__in=kept, code_list__scheme=scheme))
                .select_related("code_list__network")
                .order_by("code_list__network__name", "code_list__version", "position", "code")
            )

    def _codes_in_use(self) -> set[int]:
        incident = self.instance
        if not incident.pk:
            return set()
        single = [incident.offence_id, incident.rias_type_id, incident.rias_background_id, incident.life_area_id]
        many = [*incident.motives.values_list("pk", flat=True),
                *incident.discrimination_grounds.values_list("pk", flat=True)]
        return {pk for pk in [*single, *many] if pk}

    # --- place ------------------------------------------------------------------------------

    def _prepare_place(self) -> None:
        """Candidates for the place: from the typed text, or the saved place of an edit."""
        self.lookup: PlaceLookup | None = None
        self.candidates: dict[str, Municipality | District] = {}
        text = (self.data.get(self.add_prefix("place")) or "").strip() if self.is_bound else ""
        if text:
            self.lookup = lookup_place(text)
            if self.lookup.found:
                found = self.lookup.municipalities or self.lookup.districts
                self.candidates = {_place_key(place): place for place in found}
        elif not self.is_bound and self.instance.pk:
            saved = self.instance.municipality or self.instance.district
            if saved is not None:
                self.fields["place"].initial = saved.name
                self.fields["place_choice"].initial = _place_key(saved)
                self.candidates = {_place_key(saved): saved}
        self._choice_widget()

    def _choice_widget(self) -> None:
        choices = [(key, _place_label(place)) for key, place in self.candidates.items()]
        field = self.fields["place_choice"]
        field.widget = forms.RadioSelect(choices=choices) if len(choices) > 1 else forms.HiddenInput()

    def _clean_place(self, cleaned: dict[str, Any]) -> None:
        self.instance.municipality = self.instance.district = None
        if not cleaned.get("place"):
            return
        if self.lookup is not None and not self.lookup.found:
            self.add_error("place", str(self.lookup.message))
            return
        place = self._chosen_place(cleaned.get("place_choice") or "")
        if place is None:
            self.add_error("place_choice", _("“%(place)s” fits several places: choose one.") % {
                "place": cleaned["place"]})
        elif isinstance(place, Municipality):
            self.instance.municipality, self.instance.district = place, place.district
        else:
            self.instance.district = place

    def _chosen_place(self, choice: str) -> Municipality | District | None:
        if len(self.candidates) == 1:
            return next(iter(self.candidates.values()))
        return self.candidates.get(choice)

    # --- the whole form ------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._clean_place(cleaned)
        affected, minors = cleaned.get("affected_count"), cleaned.get("minors_count")
        if affected is not None and minors is not None and minors > affected:
            self.add_error("minors_count", _(
                "There cannot be more children and young people (%(minors)s) than directly affected "
                "persons (%(affected)s)."
            ) % {"minors": minors, "affected": affected})
        occurred_on, precision = cleaned.get("occurred_on"), cleaned.get("date_precision")
        if occurred_on and precision == DatePrecision.MONTH:
            cleaned["occurred_on"] = occurred_on.replace(day=1)
        elif occurred_on and precision == DatePrecision.YEAR:
            cleaned["occurred_on"] = occurred_on.replace(month=1, day=1)
        return cleaned

    def changed_fields(self) -> list[str]:
        names = set(super().changed_fields())
        if names & {"place", "place_choice"}:
            names = (names - {"place", "place_choice"}) | {"municipality", "district"}
        return sorted(names)

    def sections(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "fields": [self[name] for name in names]}
            for key, title, names in SECTIONS
        ]


def _place_key(place: Municipality | District) -> str:
    return f"{'m' if isinstance(place, Municipality) else 'd'}:{place.ags}"


def _place_label(place: Municipality | District) -> str:
    if isinstance(place, Municipality):
        return f"{place.name} ({place.district.name})"
    return place.name


# --- Linking an existing incident -------------------------------------------------------------------


def linkable_incidents(case: Case, user: User) -> QuerySet[Incident]:
    """Incidents of the case's centre not linked to it yet, leaving out those of cases the user
    may not open (an incident of a high-protection case stays with that case's team)."""
    hidden_cases = Case.objects.filter(centre=case.centre).exclude(pk__in=access.visible_cases(user))
    return (
        Incident.objects.filter(centre=case.centre)
        .exclude(cases=case)
        .exclude(cases__in=hidden_cases)
        .select_related("municipality", "district", "offence")
        .order_by("-occurred_on", "-pk")
    )


class IncidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        place = obj.municipality or obj.district
        parts = [date_format(obj.occurred_on, "SHORT_DATE_FORMAT"), place.name if place else "",
                 obj.offence.label if obj.offence else ""]
        return " · ".join(part for part in parts if part)


class IncidentFilterForm(forms.Form):
    """Narrows the incidents offered for linking to one month (GET)."""

    around = forms.DateField(label=_("Date of the incident"), required=False, widget=DATE_WIDGET,
                             help_text=_("Shows the incidents of that month."))

    def month(self) -> Any:
        return self.cleaned_data.get("around") if self.is_valid() else None


class IncidentLinkForm(forms.Form):
    """One of the centre's incidents (newest first, or of one month) to link to this case."""

    LIMIT = 50

    incident = IncidentChoiceField(label=_("Incident"), queryset=Incident.objects.none(),
                                   widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args: Any, case: Case, user: User, month: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = linkable_incidents(case, user)
        if month is not None:
            candidates = candidates.filter(occurred_on__year=month.year, occurred_on__month=month.month)
        field = self.fields["incident"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - programming error
        # A choice is validated against the whole scope, whichever part of it the page showed.
        field.queryset = linkable_incidents(case, user) if self.is_bound else candidates[: self.LIMIT]
