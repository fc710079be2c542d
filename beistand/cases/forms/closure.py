"""Forms of closure: closing a case, placing a legal hold, confirming a deletion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import ClosureOutcome, ClosureReason
from beistand.cases.models import Case
from beistand.retention.models import HoldReason

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def with_empty_choice(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Please choose")), *choices]


class CloseCaseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=with_empty_choice(ClosureReason.choices),
        error_messages={"required": _("Choose the reason for closing the case.")},
    )
    closure_outcome = forms.ChoiceField(
        label=_("Outcome"), choices=with_empty_choice(ClosureOutcome.choices),
        error_messages={"required": _("Choose the outcome of the counselling.")},
    )
    closed_on = forms.DateField(
        label=_("Closed on"), widget=DATE_INPUT,
        error_messages={
            "required": _("Enter the date the case was closed."),
            "invalid": _("Enter the closing date as a date, e.g. 31.12.2026."),
        },
    )
    confirm_open_deadlines = forms.BooleanField(
        label=_("Close despite open deadlines"), required=False,
        help_text=_("Tick this when the open deadlines listed above are no longer needed."),
    )
    # The version of the case the form was loaded with (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, open_deadlines: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.initial.setdefault("closed_on", timezone.localdate())
        self.initial.setdefault("version", case.version)
        if not open_deadlines:
            del self.fields["confirm_open_deadlines"]

    def clean_closed_on(self) -> Any:
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot be in the future."), code="future")
        if closed_on < self.case.opened_on:
            raise forms.ValidationError(
                _("The closing date cannot be before the case was opened (%(opened)s)."),
                code="before_opening", params={"opened": date_format(self.case.opened_on)},
            )
        return closed_on

    def clean_confirm_open_deadlines(self) -> bool:
        if not self.cleaned_data["confirm_open_deadlines"]:
            raise forms.ValidationError(
                _("The case still has open deadlines. Check them, then confirm that it can be closed anyway."),
                code="open_deadlines",
            )
        return True


class LegalHoldForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why must the case be kept?"), choices=HoldReason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the case must be kept.")},
    )

    def __init__(self, *args: Any, held_reasons: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_reasons = held_reasons

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"]
        if reason in self.held_reasons:
            raise forms.ValidationError(
                _("The case is already kept for this reason."), code="already_held"
            )
        return reason


class DeleteCaseForm(forms.Form):
    reference = forms.CharField(
        label=_("Type the case reference to confirm"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Type the case reference to confirm the deletion.")},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_reference(self) -> str:
        typed: str = self.cleaned_data["reference"]
        if typed.strip().casefold() != self.case.reference.casefold():
            raise forms.ValidationError(
                _("That is not the reference of this case. Type it exactly as shown above."),
                code="wrong_reference",
            )
        return typed
