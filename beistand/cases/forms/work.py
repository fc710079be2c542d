"""Forms for the work in a case: sessions, accompaniments, court proceedings with hearings, referrals.

Also what every record form of this part shares: the hidden version for
optimistic locking, dates that cannot lie in the future, amounts typed the
German way, and the choice of the case's persons and counsellors.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import MutableMapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from beistand.accounts.models import CASEWORK_ROLES, User
from beistand.cases import consents
from beistand.cases.choices import ConsentPurpose
from beistand.cases.models import (
    Accompaniment,
    CasePerson,
    CounsellingSession,
    CourtProceeding,
    Hearing,
    Referral,
)
from beistand.directory.models import Service as DirectoryService
from beistand.network.choices import COUNSELLING_LANGUAGES
from beistand.network.forms.fields import CheckboxList

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from beistand.cases.models import Case

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_CHOICES = [("", _("not specified")), *COUNSELLING_LANGUAGES]


# --- What the record forms share ------------------------------------------------------------


def not_in_future(value: datetime.date | datetime.datetime) -> None:
    if isinstance(value, datetime.datetime):
        if value > timezone.now():
            raise ValidationError(_("The time cannot be in the future."), code="future")
    elif value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


class MoneyField(forms.DecimalField):
    """Euro amounts as people type them: 12,50 and 1.234,50 as well as 12.50."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override] # stubs derive it from IntegerField
        if isinstance(value, str):
            value = normalise_amount(value)
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step attributes: the text input takes a comma, a number input would not.
        return {}


def normalise_amount(text: str) -> str:
    """12,50 → 12.50; 1.234,50 and 1,234.50 → 1234.50 (the last mark is the decimal one);
    1.234 → 1234 (a dot before three digits groups thousands in German)."""
    text = text.strip().replace(" ", "").replace("€", "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        return text.replace(grouping, "").replace(decimal, ".")
    if "," in text:
        return text.replace(",", ".")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return text.replace(".", "")
    return text


class CaseRecordForm(forms.ModelForm):
    """A form on a record of a case: knows the case, carries the version it was loaded with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.user = case, user
        for field in self.fields.values():
            # Fields with callable defaults (dates) would carry a second, hidden initial value;
            # the changes are compared with the loaded record instead.
            field.show_hidden_initial = False
            # Declared fields take the models' lower-case names; labels start with a capital.
            field.label = capfirst(field.label) if field.label else field.label
        self._store_empty_text_as_null()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        for name in self.date_fields:
            self.fields[name].validators.append(not_in_future)

    def _store_empty_text_as_null(self) -> None:
        """An empty note is no note: NULL, not the ciphertext of an empty string."""
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields() if hasattr(f, "null")}
        for name, field in self.fields.items():
            model_field = model_fields.get(name)
            if getattr(model_field, "is_encrypted", False) and getattr(model_field, "null", False) \
                    and isinstance(field, forms.CharField):
                field.empty_value = None

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def changed_fields(self) -> list[str]:
        """The names of the changed fields for the audit log (never their values)."""
        return [name for name in self.changed_data if name != "version"]

    def show_stale(self, current_version: int | None, message: str) -> None:
        """After a refused save: keep the input, say why, and take the current version so a
        second, deliberate save replaces the other change."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.add_prefix("version")] = "" if current_version is None else str(current_version)
        self.data = data
        self.add_error(None, message)


def participants(case: Case) -> QuerySet[CasePerson]:
    """The persons of the case, with what decrypting their pseudonyms needs."""
    return CasePerson.objects.filter(case=case).select_related("person__data_key", "person__centre").order_by("pk")


class ParticipantChoiceField(forms.ModelChoiceField):
    """A person of the case; choices carry the public id, like the links to the person."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.pseudonym} ({obj.get_role_display()})"


class ParticipantsField(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.pseudonym} ({obj.get_role_display()})"


class CounsellorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.email)


def counsellors(case: Case) -> QuerySet[User]:
    """Counsellors and leads of the case's centre: who can have held a session or accompanied."""
    return (
        User.objects.filter(
            is_active=True, memberships__centre=case.centre, memberships__role__in=CASEWORK_ROLES
        )
        .distinct()
        .order_by("display_name", "email")
    )


class CounsellorMixin:
    """A `counsellor` field among the centre's counsellors, the user by default."""

    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    instance: Any
    case: Case
    user: User

    def scope_counsellor(self) -> None:
        field = self.fields["counsellor"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - programming error
        field.queryset = counsellors(self.case)
        if not self.instance.pk:
            self.initial["counsellor"] = self.user.pk


# --- Sessions, accompaniments, proceedings --------------------------------------------------------


class SessionForm(CounsellorMixin, CaseRecordForm):
    language = forms.ChoiceField(label=_("language"), choices=LANGUAGE_CHOICES, required=False)
    participants = ParticipantsField(
        label=_("participants"), queryset=CasePerson.objects.none(), required=False, widget=CheckboxList
    )
    counsellor = CounsellorChoiceField(label=_("counsellor"), queryset=User.objects.none())
    date_fields = ("held_on",)

    class Meta:
        model = CounsellingSession
        fields = [
            "held_on", "duration_minutes", "mode", "language", "interpreter_used",
            "participants", "counsellor", "note",
        ]
        widgets = {"held_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - programming error
        field.queryset = participants(self.case)
        self.scope_counsellor()


class AccompanimentForm(CounsellorMixin, CaseRecordForm):
    travel_cost = MoneyField(label=_("travel costs (EUR)"), min_value=0, max_digits=8, decimal_places=2, localize=True,
                             initial=0, help_text=_("e.g. 12,50"))
    interpreter_cost = MoneyField(label=_("interpreter costs (EUR)"), min_value=0, max_digits=8, localize=True,
                                  decimal_places=2, initial=0, help_text=_("e.g. 80,00"))
    counsellor = CounsellorChoiceField(label=_("counsellor"), queryset=User.objects.none(), required=False)
    date_fields = ("held_on",)

    class Meta:
        model = Accompaniment
        fields = ["kind", "held_on", "travel_cost", "interpreter_cost", "counsellor", "note"]
        widgets = {"held_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope_counsellor()


class ProceedingForm(CaseRecordForm):
    class Meta:
        model = CourtProceeding
        fields = ["court", "file_number", "role", "is_running", "note"]
        widgets = {
            "file_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }


class HearingForm(forms.ModelForm):
    """A hearing date; future dates are what hearings usually have."""

    class Meta:
        model = Hearing
        fields = ["held_on"]
        widgets = {"held_on": DATE_WIDGET}


HearingFormSet = forms.inlineformset_factory(
    CourtProceeding, Hearing, form=HearingForm, extra=2, can_delete=True
)


# --- Referrals ----------------------------------------------------------------------------------------


class ReferralForm(CaseRecordForm):
    person = ParticipantChoiceField(label=_("for"), queryset=CasePerson.objects.none(), required=False)
    # Set when the referral starts from the referral directory ("refer to this").
    directory_entry = forms.ModelChoiceField(
        queryset=DirectoryService.objects.none(),
        to_field_name="public_id", required=False, widget=forms.HiddenInput,
    )
    date_fields = ("referred_on",)

    class Meta:
        model = Referral
        fields = ["referred_on", "purpose", "partner", "person", "shares_data", "outcome", "note", "directory_entry"]
        widgets = {
            "referred_on": DATE_WIDGET,
            "partner": forms.TextInput(attrs={"autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"partner": _("Who the person is referred to, e.g. a lawyer's office or a practice.")}

    def __init__(self, *args: Any, entry: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - programming error
        field.queryset = participants(self.case)
        if self.instance.person_id:  # the choices carry public ids, the row holds the key
            self.initial["person"] = self.instance.person.public_id
        self.consent: Any = self.instance.consent if self.instance.pk else None
        self._scope_directory_entry(entry)

    def _scope_directory_entry(self, entry: Any) -> None:
        """Only entries the counsellor may read; a new referral from an entry starts filled in from it."""
        from beistand.directory import access as directory_access
        from beistand.directory.referrals import referral_defaults

        field = self.fields["directory_entry"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - programming error
        field.queryset = directory_access.readable_services(self.user)
        if self.instance.directory_entry_id:
            self.initial["directory_entry"] = self.instance.directory_entry.public_id
        elif entry is not None and not self.instance.pk:
            self.initial.update(referral_defaults(entry))

    def clean_partner(self) -> str:
        return " ".join(self.cleaned_data.get("partner", "").split())

    def needs_consent_check(self) -> bool:
        """Sharing needs consent; it is checked again whenever what it depends on changes."""
        if not self.cleaned_data.get("shares_data"):
            return False
        return not self.instance.pk or bool({"person", "partner", "shares_data"} & set(self.changed_data))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("shares_data"):
            self.consent = None
            return cleaned
        person, partner = cleaned.get("person"), cleaned.get("partner")
        if person is None:
            self.add_error("person", _("Choose the person whose data is passed on."))
        elif partner and self.needs_consent_check():
            person.case = self.case
            try:
                self.consent = consents.require_consent(person, ConsentPurpose.SHARE, partner)
            except consents.ConsentMissing as missing:
                self.add_error("shares_data", missing.user_message())
        return cleaned
