"""The search form: GET only, works without JavaScript, keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beistand.directory.choices import CONFIDENTIAL_ADDRESS, EXAMPLE_ENTRY
from beistand.directory.geo import find_place
from beistand.directory.models import TaxonomyTerm
from beistand.directory.search import Criteria, feature_terms, need_terms, with_narrower
from beistand.network.choices import COUNSELLING_LANGUAGES
from beistand.network.forms.fields import CheckboxList

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (30, "30 km"), (50, "50 km"), (100, "100 km"), (300, "300 km")]
DEFAULT_RADIUS = 30


class SearchForm(forms.Form):
    need = forms.ChoiceField(label=_("Need"), required=False)
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, choices=[("", _("any language")), *COUNSELLING_LANGUAGES]
    )
    place = forms.CharField(
        label=_("Near (postcode or town)"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=RADIUS_CHOICES, coerce=int, required=False, initial=DEFAULT_RADIUS
    )
    features = forms.MultipleChoiceField(label=_("Must offer"), required=False, widget=CheckboxList)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    # Opened from a case: the results offer "refer to this" for that case.
    case = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Opened from a conversation of the inbox: the results offer the card to send in it.
    conversation = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = need_terms()
        self.feature_list = [term for term in feature_terms() if term.code not in (EXAMPLE_ENTRY, CONFIDENTIAL_ADDRESS)]
        need_field = self.fields["need"]
        assert isinstance(need_field, forms.ChoiceField)  # noqa: S101 - programming error
        need_field.choices = [("", _("any need"))] + [
            (term.code, "\N{EM DASH} " * getattr(term, "depth", 0) + term.name) for term in self.needs
        ]
        feature_field = self.fields["features"]
        assert isinstance(feature_field, forms.ChoiceField)  # noqa: S101 - programming error
        feature_field.choices = [(term.code, term.name) for term in self.feature_list]

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of a choice field: the template renders them without widget templates,
        which keeps the search page fast (it is measured against the raw SQL of the search)."""
        field = self[name]
        chosen = field.value()
        selected = {str(item) for item in chosen} if isinstance(chosen, list) else {str(chosen if chosen is not None else "")}
        choices = self.fields[name].choices  # type: ignore[attr-defined]
        return [(str(value), str(label), str(value) in selected) for value, label in choices]

    def clean_place(self) -> str:
        text = self.cleaned_data.get("place", "").strip()
        self.found_place = None
        if text:
            self.found_place, message = find_place(text)
            if self.found_place is None:
                raise forms.ValidationError(str(message), code="unknown_place")
        return text

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        wanted = set(data.get("features") or [])
        need = self._term(data.get("need"))
        return Criteria(
            need=need,
            need_ids=with_narrower(need, self.needs) if need else None,
            language=data.get("language") or "",
            place=getattr(self, "found_place", None),
            radius_km=float(data.get("radius") or DEFAULT_RADIUS),
            features=[term for term in self.feature_list if term.code in wanted],
            open_now=bool(data.get("open_now")),
            text=(data.get("q") or "").strip(),
        )

    def _term(self, code: str | None) -> TaxonomyTerm | None:
        return next((term for term in self.needs if term.code == code), None)
