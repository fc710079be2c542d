"""Forms of the account administration. They validate; the actions change state."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beistand.accounts.actions import (
    DUPLICATE_ROLE,
    EMAIL_TAKEN,
    NOT_OWN_ADMIN,
    NOT_OWN_DEACTIVATION,
    check_membership_scope,
)
from beistand.accounts.models import Membership, Role, User
from beistand.lib.locking import VersionedForm
from beistand.network.models import Centre, Organisation


class AccountFields(forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("As colleagues should see it, e.g. a first name."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The person signs in with it and receives the link to set a password."),
    )
    is_admin = forms.BooleanField(
        label=_("Administrator"),
        required=False,
        help_text=_("Manages accounts and technical configuration; never sees case content."),
    )

    def __init__(self, *args, account: User | None = None, **kwargs) -> None:
        # The account being edited, excluded from the "address already used" check.
        self.account = account
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        others = User.objects.filter(email__iexact=email)
        if self.account is not None:
            others = others.exclude(pk=self.account.pk)
        if others.exists():
            raise ValidationError(EMAIL_TAKEN, code="email")
        return email


class AccountCreateForm(AccountFields):
    pass


class AccountEditForm(VersionedForm, AccountFields):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A deactivated account cannot sign in; its history stays."),
    )
    field_order = ["display_name", "email", "is_active", "is_admin"]

    def __init__(self, *args, actor: User, account: User, **kwargs) -> None:
        self.actor = actor
        kwargs.setdefault("initial", {
            "display_name": account.display_name,
            "email": account.email,
            "is_active": account.is_active,
            "is_admin": account.is_admin,
            "version": account.version,
        })
        super().__init__(*args, account=account, **kwargs)

    def account_fields(self) -> dict:
        """What update_account takes: the fields without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if self.account is not None and self.actor.pk == self.account.pk:
            if not cleaned.get("is_admin"):
                self.add_error("is_admin", NOT_OWN_ADMIN)
            if not cleaned.get("is_active"):
                self.add_error("is_active", NOT_OWN_DEACTIVATION)
        return cleaned


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *Role.choices])
    centre = forms.ModelChoiceField(
        label=_("Centre"),
        queryset=Centre.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        help_text=_("For counsellors, centre leads and coordinators."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        help_text=_("For referrers: the external agency, e.g. a police station."),
    )

    def __init__(self, *args, account: User, **kwargs) -> None:
        self.account = account
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role and not self.errors:
            centre, organisation = cleaned.get("centre"), cleaned.get("organisation")
            try:
                check_membership_scope(role, centre, organisation)
            except ValidationError as error:
                self.add_error(None, error)
            else:
                self._refuse_duplicate(role, centre, organisation)
        return cleaned

    def _refuse_duplicate(
        self, role: str, centre: Centre | None, organisation: Organisation | None
    ) -> None:
        duplicate = Membership.objects.filter(
            user=self.account, role=role, centre=centre, organisation=organisation
        )
        if duplicate.exists():
            self.add_error(None, DUPLICATE_ROLE)
