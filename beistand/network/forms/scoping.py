"""Limits what a coordinator can choose to the networks they coordinate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beistand.network import rules as network_rules

if TYPE_CHECKING:
    from beistand.accounts.models import User


class ScopedNetworksMixin:
    """The `networks` field of a model form, seen through the user's scope.

    Admins choose among all networks. A coordinator sees only the networks
    they coordinate; memberships in other networks cannot be changed by them
    and are kept as they are. Subclasses say in `keeps_scope` whether the
    object stays within the coordinator's reach after saving.
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    instance: Any

    def scope_networks(self, user: User) -> None:
        field = self.fields["networks"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - programming error
        self._network_admin = bool(user.is_admin)
        scope = network_rules.editable_networks(user)
        field.queryset = scope
        self._scope_ids = set(scope.values_list("pk", flat=True))
        if not self._network_admin:
            field.help_text = _(
                "Only the networks you coordinate are listed. "
                "Memberships in other networks stay as they are."
            )

    def clean_networks(self) -> list:
        chosen = list(self.cleaned_data.get("networks") or [])
        if self._network_admin:
            return chosen
        if not self.keeps_scope(chosen):
            raise forms.ValidationError(
                _("Choose at least one of the networks you coordinate."), code="out_of_scope"
            )
        return chosen + self._networks_outside_scope()

    def keeps_scope(self, chosen: list) -> bool:
        raise NotImplementedError

    def _networks_outside_scope(self) -> list:
        if not self.instance.pk:
            return []
        return list(self.instance.networks.exclude(pk__in=self._scope_ids))
