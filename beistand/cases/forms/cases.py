"""The case form (create and edit) and what the edit forms of case work share for stale edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.accounts.models import CASEWORK_ROLES, User
from beistand.cases import access
from beistand.cases.actions import core as case_actions
from beistand.cases.choices import AccessReason, CaseKind, CaseStatus, ProtectionLevel
from beistand.cases.models import Case
from beistand.network.forms.fields import CheckboxList, district_choices, model_choice_field
from beistand.network.models import Centre

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOMESTIC_VIOLENCE_KINDS = {CaseKind.DOMESTIC_VIOLENCE, CaseKind.DOMESTIC_VIOLENCE_PROACTIVE}
# Fields create_case takes as they are (centre and assigned counsellors come separately).
CASE_FIELDS = [
    "kind", "access_channel", "received_on", "opened_on", "urgent", "district", "title",
    "needs", "risk_level", "safety_plan", "children_in_household", "removal_order_ends_on",
    "protection_level",
]
SECTIONS = [
    ("case", _("The case"),
     ["centre", "kind", "status", "access_channel", "received_on", "opened_on", "urgent", "district", "title"]),
    ("safety", _("Needs and safety"),
     ["needs", "risk_level", "safety_plan", "children_in_household", "removal_order_ends_on"]),
    ("team", _("Who works on the case"), ["assigned", "protection_level"]),
]
# The statuses a form may set; "closed" is set only by closing the case.
EDITABLE_STATUSES = [(value, label) for value, label in CaseStatus.choices if value != CaseStatus.CLOSED]


def encrypted_text(label: Any, *, long: bool = False, max_length: int = 5000, help_text: Any = "") -> forms.CharField:
    """A free-text field of an encrypted column: left empty, nothing is stored (NULL, no ciphertext)."""
    widget = forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput(attrs={"autocomplete": "off"})
    return forms.CharField(
        label=label, required=False, max_length=max_length, empty_value=None, widget=widget, help_text=help_text
    )


def caseworkers_of(centres: QuerySet[Centre]) -> QuerySet[User]:
    """Active counsellors and leads of these centres: the people a case may be assigned to."""
    return User.objects.filter(
        is_active=True, memberships__centre__in=centres, memberships__role__in=CASEWORK_ROLES
    ).distinct().order_by("display_name").prefetch_related("memberships")


class CaseForm(forms.ModelForm):
    title = encrypted_text(
        _("Working title"), max_length=200,
        help_text=_("A few words for you and your colleagues, without names; it is stored encrypted."),
    )
    needs = encrypted_text(_("Needs and goals"), long=True)
    safety_plan = encrypted_text(_("Safety plan"), long=True)
    # The version the form was loaded with (optimistic locking; edit only).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = ["centre", *CASE_FIELDS, "status", "assigned"]
        widgets = {
            "received_on": DATE_INPUT,
            "opened_on": DATE_INPUT,
            "removal_order_ends_on": DATE_INPUT,
            "assigned": CheckboxList,
            "protection_level": forms.RadioSelect,
        }
        help_texts = {
            "assigned": _("Only counsellors and leads of the case's centre. An exit case needs two (four-eyes principle)."),
            "protection_level": _("Exit cases always have high protection."),
            "removal_order_ends_on": _("Domestic violence cases only."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.creating = self.instance.pk is None
        self._scope_centre()
        for name in ("received_on", "opened_on"):
            # Their model default is callable ("today"), for which Django would add hidden
            # "initial-" inputs; the form's own initial value is what counts as unchanged.
            self.fields[name].show_hidden_initial = False
        model_choice_field(self, "district").choices = [("", _("Not known")), *district_choices()]
        if self.creating:
            del self.fields["status"], self.fields["version"]
            self.initial["assigned"] = [user.pk]  # who creates a case usually works on it
        else:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=EDITABLE_STATUSES)
            self.initial.setdefault("version", self.instance.version)

    def _scope_centre(self) -> None:
        """The centre is chosen on creation only, among the user's casework centres."""
        centres = access.casework_centres(self.user).order_by("name")
        if self.creating and len(centres) > 1:
            centre_field = model_choice_field(self, "centre")
            centre_field.queryset = centres
            centre_field.empty_label = None
            centre_field.help_text = _("The case belongs to this centre; only its staff can work on it.")
        else:
            del self.fields["centre"]
            if self.creating:
                self.instance.centre = centres.get()
            centres = Centre.objects.filter(pk=self.instance.centre_id)
        model_choice_field(self, "assigned").queryset = caseworkers_of(centres)

    def sections(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "fields": [self[name] for name in names if name in self.fields]}
            for key, title, names in SECTIONS
        ]

    # --- validation ---------------------------------------------------------------------

    def clean_received_on(self) -> Any:
        return not_in_future(self.cleaned_data.get("received_on"))

    def clean_opened_on(self) -> Any:
        return not_in_future(self.cleaned_data.get("opened_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._check_dates(cleaned)
        self._check_removal_order(cleaned)
        self._check_team(cleaned)
        return cleaned

    def _check_dates(self, cleaned: dict[str, Any]) -> None:
        received, opened = cleaned.get("received_on"), cleaned.get("opened_on")
        if received and opened and opened < received:
            self.add_error("opened_on", _("A case cannot be opened before the first contact."))

    def _check_removal_order(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("removal_order_ends_on") and cleaned.get("kind") not in DOMESTIC_VIOLENCE_KINDS:
            self.add_error(
                "removal_order_ends_on",
                _("Only domestic violence cases have a police removal order. Clear the date or change the kind."),
            )

    def _check_team(self, cleaned: dict[str, Any]) -> None:
        assigned = list(cleaned.get("assigned") or [])
        centre = cleaned.get("centre") or self.instance.centre
        if "assigned" in cleaned and any(not is_caseworker_of(user, centre) for user in assigned):
            self.add_error("assigned", _("Only counsellors and leads of the case's centre can be assigned."))
        if cleaned.get("kind") == CaseKind.EXIT:
            cleaned["protection_level"] = ProtectionLevel.HIGH
            if "assigned" in cleaned and len(assigned) < 2:
                self.add_error(
                    "assigned",
                    _("An exit case needs two assigned counsellors (four-eyes principle). Assign a second counsellor."),
                )
        if self._would_lock_out(cleaned, assigned, centre):
            self.add_error(
                "assigned",
                _("A case of high protection is visible only to its assigned counsellors and the centre "
                  "lead. Assign yourself, or you will not be able to open it."),
            )

    def _would_lock_out(self, cleaned: dict[str, Any], assigned: list[User], centre: Centre) -> bool:
        """A counsellor saving a high case without herself on it could not open it again."""
        if cleaned.get("protection_level") != ProtectionLevel.HIGH or "assigned" not in cleaned:
            return False
        return self.user not in assigned and not access.is_lead_of(self.user, centre)

    # --- saving -------------------------------------------------------------------------

    def create(self) -> Case:
        cleaned = self.cleaned_data
        return case_actions.create_case(
            centre=self.instance.centre, actor=self.user, assigned=list(cleaned["assigned"]),
            **{name: cleaned[name] for name in CASE_FIELDS},
        )

    def update(self) -> Case:
        """Saves the edited case; StaleEdit if someone else saved it since the form was loaded."""
        return case_actions.update_case(
            self.user, self.instance,
            changed=[name for name in self.changed_data if name != "version"],
            assigned=list(self.cleaned_data["assigned"]),
            expected_version=self.cleaned_data.get("version"),
        )


def is_caseworker_of(user: User, centre: Centre) -> bool:
    return any(
        membership.centre_id == centre.pk and membership.role in CASEWORK_ROLES
        for membership in user.memberships.all()
    )


def not_in_future(day: Any) -> Any:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future. Enter today or an earlier date."))
    return day


class OpenProtectedForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you open this case?"), choices=AccessReason.choices, widget=forms.RadioSelect,
        help_text=_("The reason is recorded with your name and the time."),
    )
