"""The project's select template (options inline) writes exactly what Django's writes."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "All"), ("a", "A & <b>"), ("2", "Zwei")], required=False)
    grouped = forms.ChoiceField(choices=[("Kreise", [("05913", "Dortmund"), ("05978", "Unna")]), ("x", "Other")])
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, "three")], required=False)
    yes_no = forms.NullBooleanField(required=False)
    with_attrs = forms.TypedChoiceField(
        choices=[(25, "25"), (50, "50")], coerce=int,
        widget=forms.Select(attrs={"aria-describedby": "help", "data-x": '"quoted"', "disabled": True}),
    )


@pytest.mark.parametrize("data", [
    None,
    {"plain": "a", "grouped": "05978", "many": ["1", "3"], "yes_no": "true", "with_attrs": "50"},
    {"plain": "missing", "grouped": "", "many": ["9"]},
])
def test_the_inline_select_writes_what_djangos_writes(data):
    assert isinstance(get_default_renderer(), TemplatesSetting)
    ours = Choices(data, renderer=TemplatesSetting())
    djangos = Choices(data, renderer=DjangoTemplates())
    for name in Choices.base_fields:
        assert str(ours[name]) == str(djangos[name]), name
    assert "<option" in str(ours["plain"])
