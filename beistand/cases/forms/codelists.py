"""Forms for maintaining code lists: a new version, the codes of a version, the mappings from the last one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beistand.cases.codes import version_targets
from beistand.cases.models import Code, CodeList
from beistand.lib.locking import with_current_version

if TYPE_CHECKING:
    from beistand.accounts.models import User
    from beistand.network.models import Network

DEFAULTS = "default"


class NewVersionForm(forms.Form):
    """Where the copy goes: the installation's defaults (admins) or one of the coordinator's networks."""

    target = forms.ChoiceField(label=_("New version for"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, user: User, source: CodeList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {self._key(network): network for network in version_targets(user, source)}
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - programming error
        field.choices = [
            (key, network.name if network else _("The installation's default lists"))
            for key, network in self.targets.items()
        ]
        if len(self.targets) == 1:
            field.initial = next(iter(self.targets))

    @staticmethod
    def _key(network: Network | None) -> str:
        return network.slug if network else DEFAULTS

    def chosen(self) -> Network | None:
        return self.targets[self.cleaned_data["target"]]


class RevisionForm(forms.Form):
    """The list's revision when the edit page was loaded (see CodeList.revision)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, code_list: CodeList, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "list")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("revision", code_list.revision)

    def expected(self) -> int | None:
        return self.cleaned_data.get("revision")


def with_current_revision(data: Any, code_list: CodeList) -> Any:
    """The submitted data with the list's current revision: after a stale save the user sees
    their entries again and may deliberately save them over the newer list."""
    return with_current_version(data, code_list, key="list-revision", field="revision")


class CodeForm(forms.ModelForm):
    """One code of the list: its name in statistics stays fixed once saved; the label may change."""

    class Meta:
        model = Code
        fields = ["code", "label", "parent", "is_active"]
        help_texts = {"code": _("Letters, digits, hyphens and underscores; it cannot be changed later.")}

    def __init__(self, *args: Any, code_list: CodeList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = self.fields["label"].required = False
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)  # noqa: S101 - programming error
        parent.queryset = code_list.codes.filter(parent__isnull=True).exclude(pk=self.instance.pk)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.has_changed():
            for name, message in (("code", _("Enter the code.")), ("label", _("Enter the label."))):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class BaseCodeFormSet(forms.BaseModelFormSet):
    def __init__(self, *args: Any, code_list: CodeList, **kwargs: Any) -> None:
        self.code_list = code_list
        kwargs.setdefault("queryset", code_list.codes.order_by("position", "code"))
        kwargs.setdefault("prefix", "codes")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "code_list": self.code_list}

    def clean(self) -> None:
        """A code name appears once in a list (the database would refuse it less kindly)."""
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            code = form.cleaned_data.get("code") if hasattr(form, "cleaned_data") else None
            if not code:
                continue
            if code in seen:
                form.add_error("code", _("This code is already in the list."))
            seen.add(code)


CodeFormSet = forms.modelformset_factory(Code, form=CodeForm, formset=BaseCodeFormSet, extra=3, can_delete=False)


class MappingForm(forms.Form):
    """For each code of the previous version: the code of this version it counts as."""

    def __init__(self, *args: Any, code_list: CodeList, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "mappings")
        super().__init__(*args, **kwargs)
        previous = code_list.previous
        self.sources = list(previous.codes.order_by("position", "code")) if previous else []
        targets = code_list.codes.order_by("position", "code")
        current = _current_targets(self.sources, code_list)
        for source in self.sources:
            self.fields[f"code_{source.pk}"] = forms.ModelChoiceField(
                queryset=targets, required=False, label=f"{source.label} ({source.code})",
                empty_label=_("not mapped"), initial=current.get(source.pk),
            )

    def chosen_targets(self) -> dict[int, list[Code]]:
        chosen = {source.pk: self.cleaned_data.get(f"code_{source.pk}") for source in self.sources}
        return {pk: [target] if target else [] for pk, target in chosen.items()}


def _current_targets(sources: list[Code], code_list: CodeList) -> dict[int, int]:
    """The first target per source in this list (the form offers one; splits stay possible in data)."""
    pairs = Code.objects.filter(code_list=code_list, mapped_from__source__in=sources).values_list(
        "mapped_from__source_id", "pk"
    )
    found: dict[int, int] = {}
    for source_pk, target_pk in pairs:
        found.setdefault(source_pk, target_pk)
    return found
