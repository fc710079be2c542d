"""The deadline form: legal deadlines are computed from their event, tasks take a stated date."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from beistand.accounts.models import CASEWORK_ROLES, Role, User
from beistand.cases import deadlines as rules
from beistand.cases.choices import DeadlineKind
from beistand.cases.models import Case, Deadline

ISO_DATE = "%Y-%m-%d"


def assignable_users(case: Case) -> QuerySet[User]:
    """Who may be responsible for a deadline: the centre's counsellors and leads.

    In a case of high protection only those who may open it: its assigned
    counsellors and the centre's leads.
    """
    users = User.objects.filter(
        is_active=True, memberships__centre=case.centre, memberships__role__in=CASEWORK_ROLES
    )
    if case.is_high_protection:
        users = users.filter(
            Q(assigned_cases=case) | Q(memberships__centre=case.centre, memberships__role=Role.LEAD)
        )
    return users.distinct().order_by("display_name")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


class DeadlineForm(forms.ModelForm):
    """Creates or edits a deadline. After `is_valid()`, `computed_due` holds the due date.

    For the legal kinds the due date comes from the event (deadlines.py); a
    stated date that differs from it is refused with the computed one named.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    event_on = forms.DateField(
        label=_("Date of the event"), required=False, widget=date_input(),
        help_text=_(
            "AGG claim: the day of the discrimination. Criminal complaint: the day the person learnt "
            "of the act and the perpetrator. Removal order: the day of the police deployment. "
            "Hearing: the day of the hearing."
        ),
    )
    due_on = forms.DateField(
        label=_("Due on (tasks only)"), required=False, widget=date_input(),
        help_text=_("For the other kinds the due date is computed from the date of the event."),
    )
    title = forms.CharField(
        label=_("What is to be done"), required=False, max_length=300,
        help_text=_("Required for tasks. Stored encrypted; never shown in reminders."),
    )
    remind_days_before = forms.IntegerField(
        label=_("Remind how many days before"), min_value=0, max_value=rules.MAX_REMIND_DAYS, initial=3,
    )

    class Meta:
        model = Deadline
        fields = ["kind", "event_on", "due_on", "title", "assigned_to", "remind_days_before"]
        field_classes = {"assigned_to": UserChoiceField}
        labels = {"kind": _("Kind"), "assigned_to": _("Responsible")}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.computed_due: datetime.date | None = None
        # The due date as saved, to tell whether an edit moved it (a moved deadline is reminded again).
        self.saved_due_on: datetime.date | None = self.instance.due_on if self.instance.pk else None
        assigned = self.fields["assigned_to"]
        assigned.queryset = assignable_users(case)  # type: ignore[attr-defined]
        assigned.empty_label = _("Nobody in particular: the case's counsellors")  # type: ignore[attr-defined]
        assigned.help_text = _("Receives the reminder.")
        if self.instance.pk is None:
            self._prefill_new()
        else:
            self.fields["version"].initial = self.instance.version
            if rules.is_computed(self.instance.kind):
                # A computed date is shown beside the form, not offered for editing.
                self.initial["due_on"] = None

    def _prefill_new(self) -> None:
        ends_on = self.case.removal_order_ends_on
        if ends_on and not self.is_bound:
            self.initial["kind"] = DeadlineKind.REMOVAL_ORDER_END
            self.initial["event_on"] = rules.removal_order_deployment(ends_on)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == DeadlineKind.TASK:
            self._clean_task(cleaned)
        elif kind:
            self._clean_computed(kind, cleaned)
        return cleaned

    def _clean_task(self, cleaned: dict[str, Any]) -> None:
        if not cleaned.get("title"):
            self.add_error("title", _("Say what is to be done."))
        due_on, event_on = cleaned.get("due_on"), cleaned.get("event_on")
        if due_on is None:
            if "due_on" not in self.errors:
                self.add_error("due_on", _("Enter the date by which the task is to be done."))
            return
        if event_on is not None and due_on < event_on:
            self.add_error("due_on", _("The deadline cannot lie before its event."))
            return
        self.computed_due = due_on

    def _clean_computed(self, kind: str, cleaned: dict[str, Any]) -> None:
        event_on = cleaned.get("event_on")
        if event_on is None:
            if "event_on" not in self.errors:
                self.add_error("event_on", _("Enter the date of the event: the due date is computed from it."))
            return
        if kind in rules.PAST_EVENTS and event_on > timezone.localdate():
            self.add_error("event_on", _("For this kind of deadline the event cannot lie in the future."))
            return
        try:
            computed = rules.due_date(kind, event_on)
        except rules.OutOfRange:
            self.add_error("event_on", _("This date is out of range."))
            return
        stated = cleaned.get("due_on")
        if stated is not None and stated != computed:
            self.add_error("due_on", _(
                "Only tasks take a stated due date. For this kind it is computed from the event: %(date)s."
            ) % {"date": date_format(computed)})
            return
        self.computed_due = cleaned["due_on"] = computed

    def save(self, commit: bool = True) -> Deadline:
        deadline = super().save(commit=False)
        deadline.title = self.cleaned_data.get("title") or None
        if commit:
            deadline.save()
        return deadline

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    @property
    def changed_fields(self) -> set[str]:
        """The model fields the user changed (for the audit event)."""
        return set(self.changed_data) - {"version"}


class DoneForm(forms.Form):
    """The "done" and "reopen" buttons: which of the two, and where to go back to."""

    done = forms.TypedChoiceField(choices=[("1", "done"), ("0", "open")], coerce=lambda value: value == "1")
    next = forms.CharField(required=False, max_length=500)
