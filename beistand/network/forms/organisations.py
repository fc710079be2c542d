"""Forms for organisations (carriers, agencies) and networks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beistand.lib.locking import VersionedForm
from beistand.network import rules as network_rules
from beistand.network.choices import CentreType
from beistand.network.forms.fields import (
    CheckboxList,
    clean_slug_or_derive,
    formfield,
    model_choice_field,
)
from beistand.network.forms.scoping import ScopedNetworksMixin
from beistand.network.models import Centre, Network, Organisation

if TYPE_CHECKING:
    from beistand.accounts.models import User

SLUG_HELP = _("Part of the page address. Left empty, it is made from the name.")


class OrganisationForm(ScopedNetworksMixin, VersionedForm, forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = formfield
        fields = ["name", "slug", "kind", "description", "website", "city", "networks"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "networks": CheckboxList,
        }
        help_texts = {"slug": SLUG_HELP}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.scope_networks(user)

    def clean_slug(self) -> str:
        return clean_slug_or_derive(self, self.cleaned_data.get("slug", ""))

    def keeps_scope(self, chosen: list) -> bool:
        """In scope by a chosen network, or (when editing) by a centre it carries there."""
        if chosen:
            return True
        return bool(
            self.instance.pk
            and self.instance.centres.filter(networks__pk__in=self._scope_ids).exists()
        )


class NetworkForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Network
        formfield_callback = formfield
        fields = ["name", "slug", "description", "website", "coordinated_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"slug": SLUG_HELP}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        field = model_choice_field(self, "coordinated_by")
        if user.is_admin:
            field.queryset = Centre.objects.filter(type=CentreType.COORDINATION)
        else:
            # A coordinator can only hand a network to their own coordination office.
            field.queryset = network_rules.coordination_centres(user)
            field.required = True
            field.empty_label = None

    def clean_slug(self) -> str:
        return clean_slug_or_derive(self, self.cleaned_data.get("slug", ""))
