"""Audit events for signing in and out, second factors and passwords.

Django and allauth announce these through signals; the receivers write one
technical event each, naming the account by its public id. Nothing a person
typed reaches an event: no e-mail address, no password, no code.

A failed password sign-in names the account only when the typed address
belongs to one. We keep that: repeated failures on one account are how an
administrator sees someone trying to break into a colleague's account, and
only administrators see technical events. The login page answers the same
whether the account exists or not (ACCOUNT_PREVENT_ENUMERATION), and the
lookup runs in both cases, so the event reveals nothing to the person trying.
An address that belongs to no account leaves an event without an object.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from beistand.accounts.models import Role
from beistand.audit.access import remember_lead
from beistand.audit.events import record
from beistand.audit.models import Action, Category


def _account_event(
    action: Action, account: Any, fields: list[str] | None = None, *, by: Any = None
) -> None:
    """An event about `account`, done by the current actor or by the account `by`."""
    if account is None:
        return
    record(action, obj=account, fields=fields or (), category=Category.TECHNICAL, user=by)


@receiver(account_signals.user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender: Any, user: Any, **kwargs: Any) -> None:
    # The request began anonymous; from here on the user acts.
    _account_event(Action.LOGIN, user, by=user)


@receiver(auth_signals.user_logged_in, dispatch_uid="audit_lead_flag")
def _note_lead(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Every way of signing in (also tests' force_login); no event, only the navigation flag.
    if request is not None and user is not None:
        remember_lead(request, user.is_active and user.has_role(Role.LEAD))


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender: Any, user: Any = None, **kwargs: Any) -> None:
    _account_event(Action.LOGOUT, user, by=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    public_id = _account_public_id(credentials.get("email") or credentials.get("username"))
    record(
        Action.LOGIN_FAILED,
        object_type=get_user_model()._meta.label_lower if public_id else "",
        object_id=str(public_id or ""),
        fields=["password"],
        category=Category.TECHNICAL,
    )


def _account_public_id(address: Any) -> Any:
    """The public id of the account with this sign-in address, or None; never the address."""
    if not isinstance(address, str) or not address or "\x00" in address or len(address) > 254:
        return None
    accounts = get_user_model().objects.filter(email__iexact=address)
    return accounts.values_list("public_id", flat=True).first()


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit_mfa_failed")
def _second_factor_failed(sender: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    # The password was right; the code was not. Names the kind of factor, not the code.
    _account_event(Action.LOGIN_FAILED, user, _kind(authenticator))


@receiver(mfa_signals.authenticator_used, dispatch_uid="audit_mfa_used")
def _second_factor_used(sender: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    # The sign-in event follows; a recovery code is worth its own (the phone may be lost).
    if authenticator is not None and authenticator.type == Authenticator.Type.RECOVERY_CODES:
        _account_event(Action.RECOVERY_CODE_USED, user, by=user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit_mfa_added")
def _second_factor_added(sender: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    _account_event(Action.MFA_ADDED, user, _kind(authenticator))


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit_mfa_removed")
def _second_factor_removed(sender: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    _account_event(Action.MFA_REMOVED, user, _kind(authenticator))


@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit_mfa_reset")
def _second_factor_reset(sender: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    # New recovery codes replace the old ones.
    _account_event(Action.MFA_RESET, user, _kind(authenticator))


@receiver(account_signals.password_changed, dispatch_uid="audit_password_changed")
@receiver(account_signals.password_set, dispatch_uid="audit_password_set")
def _password_changed(sender: Any, user: Any, **kwargs: Any) -> None:
    _account_event(Action.PASSWORD_CHANGED, user, ["password"])


@receiver(account_signals.password_reset, dispatch_uid="audit_password_reset")
def _password_reset(sender: Any, user: Any, **kwargs: Any) -> None:
    # Done by whoever held the e-mailed link: the actor stays anonymous.
    _account_event(Action.PASSWORD_RESET, user, ["password"])


def _kind(authenticator: Any) -> list[str]:
    """The kind of second factor ("totp", "webauthn", "recovery_codes"), never its data."""
    return [str(authenticator.type)] if authenticator is not None else []
