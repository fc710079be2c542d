"""Forms for the persons in a case: a new person, the same person again, editing one.

A person belongs to the centre and may appear in several cases; their identity
and contact details are optional and stored encrypted (data minimisation).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beistand.cases import access
from beistand.cases.choices import AgeBand, ContactChannel, Gender, PersonRole
from beistand.cases.forms.cases import encrypted_text
from beistand.cases.models import Case, CasePerson, Person
from beistand.network.choices import COUNSELLING_LANGUAGES
from beistand.network.forms.fields import CheckboxList, choice_field, phone_validator

# Form field -> key in the encrypted JSON columns of Person.
CONTACT_KEYS = {"phone": "phone", "email": "email", "address": "address"}
SAFE_CONTACT_KEYS = {"safe_times": "times", "safe_channel": "channel", "no_voicemail": "no_voicemail",
                     "code_word": "code_word"}
PLAIN_FIELDS = ["languages", "interpreter_needed", "age_band", "gender"]
SECTIONS = [
    ("person", _("The person"),
     ["pseudonym", "role", "age_band", "gender", "languages", "interpreter_needed"]),
    ("identity", _("Name and contact (only where the counselling needs them)"),
     ["name", "phone", "email", "address"]),
    ("safe", _("Safe contact"), ["safe_times", "safe_channel", "no_voicemail", "code_word"]),
]


def blank_choice(choices: list[tuple[str, Any]], label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class PersonForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym"), max_length=200,
        help_text=_("The name the counselling uses instead of the real one. Colleagues find the person by it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role in this case"), choices=PersonRole.choices)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=COUNSELLING_LANGUAGES, required=False, widget=CheckboxList
    )
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    name = encrypted_text(_("Name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    address = encrypted_text(_("Address"), long=True, max_length=500)
    safe_times = forms.CharField(
        label=_("When the person can be contacted safely"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    safe_channel = forms.ChoiceField(
        label=_("Safe way of contact"), required=False,
        choices=blank_choice(ContactChannel.choices, _("Not stated")),
    )
    no_voicemail = forms.BooleanField(label=_("Leave no voicemail"), required=False)
    code_word = forms.CharField(
        label=_("Code word"), required=False, max_length=100,
        help_text=_("Agreed with the person, to be sure who is on the phone."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, link: CasePerson | None = None, **kwargs: Any) -> None:
        self.link = link
        if link is not None:
            kwargs.setdefault("initial", initial_from(link))
        super().__init__(*args, **kwargs)
        if link is None:
            del self.fields["version"]

    def sections(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "fields": [self[name] for name in names]}
            for key, title, names in SECTIONS
        ]

    def person_values(self) -> dict[str, Any]:
        """The Person fields as the model stores them (contact details grouped, empty = None)."""
        cleaned = self.cleaned_data
        return {
            "pseudonym": cleaned["pseudonym"],
            "name": cleaned["name"],
            "contact": packed(cleaned, CONTACT_KEYS),
            "safe_contact": packed(cleaned, SAFE_CONTACT_KEYS),
            **{name: cleaned[name] for name in PLAIN_FIELDS},
        }

    def changed_person_fields(self) -> list[str]:
        """The model fields behind the changed form fields (for the audit event; names, never values)."""
        model_field = {**dict.fromkeys(CONTACT_KEYS, "contact"), **dict.fromkeys(SAFE_CONTACT_KEYS, "safe_contact")}
        return sorted({model_field.get(name, name) for name in self.changed_data if name != "version"})

    def apply(self) -> None:
        """Puts the cleaned values on the person and their part in the case (not saved yet)."""
        assert self.link is not None  # noqa: S101 - only edit forms apply
        for name, value in self.person_values().items():
            setattr(self.link.person, name, value)
        self.link.role = self.cleaned_data["role"]


def packed(cleaned: dict[str, Any], keys: dict[str, str]) -> dict[str, Any] | None:
    """The non-empty values under their stored keys, or None when all are empty (nothing stored)."""
    values = {key: cleaned[name] for name, key in keys.items() if cleaned.get(name)}
    return values or None


def initial_from(link: CasePerson) -> dict[str, Any]:
    person = link.person
    contact, safe = person.contact or {}, person.safe_contact or {}
    return {
        "pseudonym": person.pseudonym,
        "role": link.role,
        "name": person.name,
        **{name: contact.get(key) for name, key in CONTACT_KEYS.items()},
        **{name: safe.get(key) for name, key in SAFE_CONTACT_KEYS.items()},
        **{name: getattr(person, name) for name in PLAIN_FIELDS},
        "version": person.version,
    }


class FindPersonForm(forms.Form):
    """The exact pseudonym of a person the centre already knows (blind index: nothing is decrypted)."""

    find = forms.CharField(
        label=_("Pseudonym of a person already known to the centre"), max_length=200,
        help_text=_("The exact pseudonym; capital letters and spaces do not matter."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ExistingPersonForm(forms.Form):
    """Picks one of the persons found and their role in this case."""

    person = forms.ChoiceField(label=_("Person"), widget=forms.RadioSelect)
    role = forms.ChoiceField(label=_("Role in this case"), choices=PersonRole.choices)

    def __init__(
        self, *args: Any, candidates: list[Person], references: dict[int, list[str]], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "existing")
        super().__init__(*args, **kwargs)
        self.candidates = {str(person.public_id): person for person in candidates}
        choice_field(self, "person").choices = [
            (key, describe(person, references.get(person.pk, []))) for key, person in self.candidates.items()
        ]

    def chosen(self) -> Person:
        return self.candidates[self.cleaned_data["person"]]


def describe(person: Person, references: list[str]) -> str:
    """What tells persons with the same pseudonym apart: age, gender, languages and the
    cases the user may see them in (no identity)."""
    languages = dict(COUNSELLING_LANGUAGES)
    parts = [person.pseudonym, person.get_age_band_display(), person.get_gender_display()]
    parts += [str(languages.get(code, code)) for code in person.languages]
    if references:
        parts.append(_("in %(references)s") % {"references": ", ".join(sorted(references))})
    return " · ".join(str(part) for part in parts)


def existing_person_form(user: Any, case: Case, pseudonym: str, data: Any = None) -> ExistingPersonForm:
    """The persons of the case's centre with exactly this pseudonym who are not in the case yet."""
    candidates = list(
        access.centre_persons(case).filter(pseudonym_index=pseudonym).exclude(case_links__case=case)
        .select_related("centre", "data_key__centre").order_by("pk")
    )
    references: dict[int, list[str]] = {}
    visible_links = CasePerson.objects.filter(person__in=candidates, case__in=access.visible_cases(user))
    for person_id, reference in visible_links.values_list("person_id", "case__reference"):
        references.setdefault(person_id, []).append(reference)
    return ExistingPersonForm(data, candidates=candidates, references=references)
