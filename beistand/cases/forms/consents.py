"""Recording one consent statement of a person in the case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import ConsentPurpose
from beistand.cases.forms.work import CaseRecordForm, ParticipantChoiceField, participants
from beistand.cases.models import CasePerson, Consent
from beistand.network.choices import COUNSELLING_LANGUAGES

GIVEN, WITHDRAWN = "given", "withdrawn"


class ConsentForm(CaseRecordForm):
    person = ParticipantChoiceField(label=_("person"), queryset=CasePerson.objects.none())
    given = forms.TypedChoiceField(
        label=_("Statement"), widget=forms.RadioSelect, coerce=lambda value: value == GIVEN,
        choices=[(GIVEN, _("Consent given")), (WITHDRAWN, _("Consent withdrawn"))],
    )
    language = forms.ChoiceField(label=_("language"), choices=COUNSELLING_LANGUAGES, initial="de")
    stated_at = forms.DateTimeField(
        label=_("stated at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("When the person said or signed it."),
    )
    date_fields = ("stated_at",)

    class Meta:
        model = Consent
        fields = ["person", "purpose", "partner", "given", "form", "language", "text_version", "stated_at"]
        widgets = {"partner": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "partner": _("Only for sharing: the partner named in the consent, e.g. a lawyer's office."),
            "text_version": _("The version printed on the consent text that was read or signed, e.g. 2026-01."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - programming error
        field.queryset = participants(self.case)
        self.initial["stated_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean_partner(self) -> str | None:
        return " ".join((self.cleaned_data.get("partner") or "").split()) or None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        purpose, partner = cleaned.get("purpose"), cleaned.get("partner")
        if purpose == ConsentPurpose.SHARE and not partner:
            self.add_error("partner", _("Name the partner the data may be shared with."))
        elif purpose and purpose != ConsentPurpose.SHARE and partner:
            self.add_error("partner", _("A partner is named only for sharing. Clear the field or choose sharing."))
        return cleaned
