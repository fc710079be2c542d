"""The filter form of the audit viewer (GET, never stored)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.accounts.models import User
from beistand.audit.models import Action, AuditEvent
from beistand.network.forms.fields import choice_field

# Dates outside this range cannot be turned into times in every time zone; no
# audit event is that old or that young anyway.
EARLIEST = date(1900, 1, 1)
LATEST = date(9998, 12, 31)

object_id_validator = RegexValidator(
    r"\A[0-9A-Za-z_-]+\Z",
    _("Enter the identifier as the table shows it: letters, digits and hyphens."),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        # The date picker needs ISO dates; typed dates in the local format are accepted too.
        super().__init__(format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(
        label=_("Object identifier"), required=False, max_length=64, validators=[object_id_validator]
    )
    date_from = forms.DateField(label=_("From (date)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To (date)"), required=False, widget=DateInput())

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(str(public_id), name) for public_id, name in staff.values_list("public_id", "display_name")]
        choice_field(self, "person").choices = [("", _("Everybody")), *people]
        choice_field(self, "action").choices = [("", _("All actions")), *Action.choices]
        choice_field(self, "object_type").choices = [("", _("All types")), *object_type_choices()]

    def clean_date_from(self) -> date | None:
        return _in_range(self.cleaned_data.get("date_from"))

    def clean_date_to(self) -> date | None:
        return _in_range(self.cleaned_data.get("date_to"))

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data

    def used(self) -> list[str]:
        """The names of the filters in use (never their values), for the audit event of the view."""
        return sorted(name for name, value in self.cleaned_data.items() if value)

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """Applies the filters of a valid form."""
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(actor_id=data["person"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("object_id"):
            events = events.filter(object_id=data["object_id"])
        if data.get("date_from"):
            events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(occurred_at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return events


def object_type_choices() -> list[tuple[str, str]]:
    """The models of Beistand's own apps, which are what events can be about."""
    models = [model for model in apps.get_models() if model.__module__.startswith("beistand.")]
    choices = {model._meta.label_lower: str(model._meta.verbose_name) for model in models}
    return sorted(choices.items(), key=lambda item: item[1].lower())


def _in_range(value: date | None) -> date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            code="out_of_range",
        )
    return value


def _start_of(day: date) -> datetime:
    """Midnight at the start of the day, in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
