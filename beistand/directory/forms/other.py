"""Small forms: private notes, taxonomy terms, the import upload, the card's person and language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from beistand.directory import access
from beistand.directory.choices import Visibility
from beistand.directory.models import TaxonomyTerm
from beistand.directory.validation import markup_in
from beistand.lib.locking import VersionedForm
from beistand.network.forms.fields import model_choice_field
from beistand.network.models import Centre, Network

if TYPE_CHECKING:
    from beistand.accounts.models import User

# Uploads stay in memory (settings.FILE_UPLOAD_HANDLERS): the limit is theirs. 50,000 entries are about 18 MB.
MAX_IMPORT_MB = settings.FILE_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)


def _capitalise(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.label = capfirst(field.label) if field.label else field.label


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for your centre"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your centre reads it, e.g. “long waiting list”, “very good with children”. "
                    "Nothing about the people you counsel."),
    )
    centre: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none(), empty_label=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centres = access.note_centres(user)
        field = model_choice_field(self, "centre")
        field.queryset = centres
        self.only_centre = centres.first() if centres.count() == 1 else None
        if self.only_centre is not None:  # nothing to choose: the user's one centre
            field.widget = forms.HiddenInput()
            field.required = False

    def clean_centre(self) -> Any:
        return self.cleaned_data.get("centre") or self.only_centre

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()


class TermForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = TaxonomyTerm
        fields = ["taxonomy", "name", "code", "description", "parent", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"code": _("Letters, digits and hyphens; exchanged with other directories. It cannot change later.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _capitalise(self)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["taxonomy"].disabled = True
            model_choice_field(self, "parent").queryset = TaxonomyTerm.objects.filter(
                taxonomy=self.instance.taxonomy
            ).exclude(pk=self.instance.pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        parent, taxonomy = self.cleaned_data.get("parent"), self.cleaned_data.get("taxonomy")
        if parent is not None and taxonomy is not None and parent.taxonomy_id != taxonomy.pk:
            self.add_error("parent", _("The broader term must belong to the same taxonomy."))
        if parent is not None and self.instance.pk and self._is_below_itself(parent):
            self.add_error("parent", _("A term cannot lie below itself."))
        for name in ("name", "description"):
            found = markup_in(self.cleaned_data.get(name) or "")
            if found:
                self.add_error(name, _("Plain text only: remove the markup “%(markup)s”.") % {"markup": found})
        return self.cleaned_data

    def _is_below_itself(self, parent: TaxonomyTerm) -> bool:
        seen: set[int] = set()
        current: TaxonomyTerm | None = parent
        while current is not None and current.pk not in seen:
            if current.pk == self.instance.pk:
                return True
            seen.add(current.pk)
            current = current.parent
        return False


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS data package (ZIP with CSV files)"),
        help_text=_("The CSV files of Open Referral HSDS 3.0 (organizations.csv, services.csv, …) in a ZIP file, "
                    "with or without datapackage.json; UTF-8 preferred."),
    )
    visibility = forms.ChoiceField(label=_("New entries are visible to"), choices=Visibility.choices, initial=Visibility.NETWORK)
    network: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none(), required=False)
    owner_centre: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Maintained by centre"), queryset=Centre.objects.none(), required=False
    )
    import_valid_rows = forms.BooleanField(
        label=_("Import the valid rows even if other rows have errors"), required=False,
        help_text=_("Without this, nothing is imported from a file with errors."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        model_choice_field(self, "network").queryset = access.network_choices(user)
        model_choice_field(self, "owner_centre").queryset = access.owner_centre_choices(user)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; split the directory into smaller packages.") % {"size": MAX_IMPORT_MB},
                code="too_large",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        visibility, network, centre = data.get("visibility"), data.get("network"), data.get("owner_centre")
        if visibility == Visibility.CENTRE and centre is None:
            self.add_error("owner_centre", _("Entries only for one centre need that centre."))
        if visibility == Visibility.NETWORK and network is None:
            self.add_error("network", _("Network-wide entries need their network."))
        scope = access.scope_of(self.user)
        if not scope.edits_all and not (
            (network is not None and network.pk in scope.coordinated) or (centre is not None and centre.pk in scope.led_centres)
        ):
            self.add_error(None, _("Choose a network you coordinate or a centre you lead: otherwise you could not edit the imported entries."))
        return data


class CardLanguageForm(forms.Form):
    """The card's language: GET, so the card's address can be opened again."""

    language = forms.ChoiceField(label=_("Language of the card"), choices=settings.LANGUAGES, required=False)

    def chosen_language(self) -> str:
        """The language asked for ("" when none or none valid: the card picks one itself)."""
        if self.is_bound and self.is_valid():
            return str(self.cleaned_data.get("language") or "")
        return ""


class CardForm(CardLanguageForm):
    """Whom the card is for and in which language: GET, so the card's address can be printed again."""

    person = forms.ChoiceField(label=_("For"), required=False)
    field_order = ["person", "language"]

    def __init__(self, *args: Any, persons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ChoiceField)  # noqa: S101 - programming error
        person.choices = [("", _("nobody in particular")), *persons]
