"""The help finder's question form (GET, no cookies) and the routing-rule form of the staff UI."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beistand.helpfinder import snapshot
from beistand.helpfinder.choices import SITUATION_HINTS, Contact, Situation, Who
from beistand.helpfinder.models import RoutingRule
from beistand.helpfinder.routing import Question
from beistand.network.choices import COUNSELLING_LANGUAGE_CODES, COUNSELLING_LANGUAGES, TargetGroup
from beistand.network.forms.fields import code_list_field
from beistand.network.models import Centre, District
from beistand.network.places import PlaceLookup

AGS_OF_A_KREIS = re.compile(r"\d{5}", re.ASCII)
CHOOSE_AN_OPTION = _("Please choose one of the options.")
LANGUAGE_CHOICES = [("", _("No preference")), *COUNSELLING_LANGUAGES]


def _choice(choices: Any, label: Any, required_message: Any = None) -> forms.ChoiceField:
    """A choice field whose choices are read when needed (see SharedFields)."""
    return forms.ChoiceField(
        label=label,
        choices=lambda: choices,
        required=required_message is not None,
        error_messages={"required": required_message, "invalid_choice": CHOOSE_AN_OPTION},
    )


class HelpFinderForm(forms.Form):
    """What happened, who is asking, where, in which language and how to be in touch.

    Only `situation` and the place (or "I'd rather not say") are needed. The form
    never raises for bad input: every problem is a message in the page's language.
    """

    situation = _choice(Situation.choices, _("What happened?"), _("Please choose what happened."))
    who = _choice(Who.choices, _("Who are you? (optional)"))
    place = forms.CharField(
        label=_("Where? Your postcode or town"),
        required=False,
        strip=False,  # lookup_place judges the raw text and gives the message
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 20}),
    )
    no_place = forms.BooleanField(label=_("I'd rather not say"), required=False)
    language = _choice(LANGUAGE_CHOICES, _("In which language would you like to talk?"))
    contact = _choice(Contact.choices, _("How would you like to be in touch? (optional)"))
    # After a town name that exists more than once: the Kreis the person picked.
    district = forms.CharField(required=False, widget=forms.HiddenInput)

    place_lookup: PlaceLookup | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": default_language()})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("no_place"):
            return cleaned
        text = cleaned.get("place") or ""
        if not text.strip():
            self.add_error("place", _("Please enter your postcode or town, or tick “I'd rather not say”."))
            return cleaned
        lookup = snapshot.current().lookup(text)
        if lookup.found:
            self.place_lookup = lookup
        else:
            self.add_error("place", lookup.message)
        return cleaned

    def question(self) -> Question:
        data = self.cleaned_data
        return Question(data["situation"], data.get("who", ""), data.get("language", ""),
                        data.get("contact", ""))

    def districts(self) -> list[District] | None:
        """The Kreise to answer for: all of a postcode's, the chosen or likeliest of a name's."""
        lookup = self.place_lookup
        if lookup is None:
            return None
        if lookup.postcode:
            return lookup.districts
        chosen = [d for d in lookup.districts if d.ags == self.cleaned_data.get("district")]
        return chosen or lookup.districts[:1]

    def answered_place(self) -> PlaceLookup | None:
        """The lookup narrowed to the Kreise answered for, the likeliest town among them first."""
        lookup, districts = self.place_lookup, self.districts()
        if lookup is None or not districts:
            return None
        keys = {district.pk for district in districts}
        towns = [town for town in lookup.municipalities if town.district_id in keys]
        return replace(lookup, districts=districts, municipalities=towns)

    def other_places(self) -> list[tuple[str, District]]:
        """A town name that exists in several Kreise: (town, Kreis) of those not answered for."""
        lookup = self.place_lookup
        if lookup is None or lookup.postcode or not lookup.ambiguous:
            return []
        answered = self.districts() or []
        towns: dict[int, str] = {}
        for municipality in reversed(lookup.municipalities):  # the likeliest town per Kreis wins
            towns[municipality.district_id] = municipality.name
        return [(towns.get(d.pk, d.name), d) for d in lookup.districts if d not in answered]

    def clean_district(self) -> str:
        value = self.cleaned_data.get("district") or ""
        return value if AGS_OF_A_KREIS.fullmatch(value) else ""

    # -- what the templates render by hand (radio buttons with a hint each) --

    def situation_options(self) -> list[dict[str, Any]]:
        return self._options("situation", Situation.choices, SITUATION_HINTS)

    def who_options(self) -> list[dict[str, Any]]:
        return self._options("who", Who.choices)

    def contact_options(self) -> list[dict[str, Any]]:
        return self._options("contact", Contact.choices)

    def language_options(self) -> list[dict[str, Any]]:
        current = self["language"].value() or ""
        return [{"value": value, "label": label, "selected": value == current}
                for value, label in LANGUAGE_CHOICES]

    def _options(self, name: str, choices: Any, hints: dict | None = None) -> list[dict[str, Any]]:
        current = self[name].value()
        return [
            {"value": value, "label": label, "hint": (hints or {}).get(value, ""),
             "id": f"id_{name}_{value}", "checked": value == current}
            for value, label in choices
        ]


class SharedFields(dict):
    """Form fields that every instance of a form shares instead of deep-copying them.

    Django copies the fields for each form so that one form may change its own;
    the help finder's form never does (no per-request choices, attributes or
    labels), and the copy was a third of an API call's time.
    """

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


HelpFinderForm.base_fields = SharedFields(HelpFinderForm.base_fields)


def default_language() -> str:
    """The page's language, as the language to talk in; German pages ask for none in particular
    (every centre in the network counsels in German)."""
    language = get_language() or ""
    return language if language in COUNSELLING_LANGUAGE_CODES and language != "de" else ""


# --- staff: routing rules -------------------------------------------------------------------


class RoutingRuleForm(forms.ModelForm):
    # The askers of the help finder, named as the directory names its target groups.
    target_groups = code_list_field([(code, TargetGroup(code).label) for code in Who.values], _("Only for"))
    languages = code_list_field(COUNSELLING_LANGUAGES, _("Only for these languages"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = RoutingRule
        fields = ["situation", "target_groups", "languages", "priority"]
        help_texts = {
            "priority": _("Among the centres for a place, “responsible” ones come first; "
                          "with the same priority, the centre whose service area fits the place "
                          "more closely comes first."),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.fields["target_groups"].help_text = _("Leave empty: whoever asks.")
        self.fields["languages"].help_text = _(
            "Leave empty: whatever language is asked for. The languages the centre counsels in "
            "are part of its directory entry."
        )
        if self.instance.pk is not None and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_situation(self) -> str:
        situation = self.cleaned_data["situation"]
        others = RoutingRule.objects.filter(centre=self.centre, situation=situation)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("This centre already has a rule for this situation. Change that rule instead."),
                code="duplicate",
            )
        return situation

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")
