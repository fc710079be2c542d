"""State changes to staff accounts. Every change goes through a function here.

Each action takes the acting user first, checks that they may act, and
refuses what must never happen (an administrator demoting or deactivating
themselves) with a ValidationError whose message the views show as it is.
Each change writes its audit event (category technical) in the same
transaction: the account's public id and the names of what changed, never
names or addresses.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beistand.accounts.adapter import AccountAdapter, password_link
from beistand.accounts.models import CENTRE_ROLES, Membership, Role, User
from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.lib.locking import next_version
from beistand.network.models import Centre, Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

ACCOUNT_CREATED_MAIL = "accounts/email/account_created"


EMAIL_TAKEN = gettext_lazy("Another account already uses this e-mail address.")
NOT_OWN_ADMIN = gettext_lazy(
    "You cannot remove your own administrator role. Ask another administrator."
)
NOT_OWN_DEACTIVATION = gettext_lazy(
    "You cannot deactivate your own account. Ask another administrator."
)
CENTRE_SCOPE = gettext_lazy(
    "Counsellors, centre leads and coordinators belong to a centre: "
    "choose a centre and no organisation."
)
DUPLICATE_ROLE = gettext_lazy("The account already has this role there.")
REFERRER_SCOPE = gettext_lazy(
    "Referrers belong to an external organisation: choose an organisation and no centre."
)


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.is_admin):
        raise PermissionDenied


def _refuse_for_self(actor: User, user: User, message: StrOrPromise) -> None:
    if actor.pk == user.pk:
        raise ValidationError(message, code="self")


def _audit(
    actor: User, action: Action, user: User, fields: list[str] | tuple[str, ...] = (),
    centre: Centre | None = None,
) -> None:
    """The event of an account change: who changed which account, which fields, in which centre."""
    record(action, obj=user, fields=fields, centre_id=centre.public_id if centre else None,
           category=Category.TECHNICAL, user=actor)


def create_account(
    actor: User, *, display_name: str, email: str, is_admin: bool
) -> tuple[User, bool]:
    """A new account without a usable password, plus the e-mail to set one.

    Returns the account and whether the e-mail went out (an unreachable mail
    server must not lose the account; the link can be sent again).
    """
    _require_admin(actor)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email, None, display_name=display_name, is_admin=is_admin
            )
            # Which fields were set; is_admin only when it grants the role.
            fields = ["display_name", "email"] + (["is_admin"] if is_admin else [])
            _audit(actor, Action.CREATE, user, fields)
    except IntegrityError:
        raise ValidationError(EMAIL_TAKEN, code="email") from None
    # The first link belongs to the creation; its event says enough.
    return user, _mail_password_link(user)


def send_password_link(actor: User, user: User) -> bool:
    """E-mail the account's owner a one-time link to set their password."""
    _require_admin(actor)
    if not user.is_active:
        raise ValidationError(_("This account is deactivated. Activate it first."), code="inactive")
    _audit(actor, Action.PASSWORD_LINK, user)
    return _mail_password_link(user)


def _mail_password_link(user: User) -> bool:
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    context = {
        "display_name": user.display_name,
        "password_reset_url": password_link(key),
        "site_url": settings.SITE_URL,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    try:
        AccountAdapter().render_mail(ACCOUNT_CREATED_MAIL, user.email, context).send()
    except OSError as error:  # smtplib errors are OSErrors
        # The address stays out of the log; the class of error is enough to act on.
        logger.warning("Password link e-mail not sent: %s", type(error).__name__)
        return False
    return True


def update_account(
    actor: User, user: User, *, display_name: str, email: str, is_active: bool, is_admin: bool,
    expected_version: int | None = None,
) -> list[str]:
    """Change name, e-mail, active and admin flags; returns the names of the changed fields.

    StaleEdit (nothing written) when someone saved the account since the form was loaded.
    """
    _require_admin(actor)
    if not is_admin:
        _refuse_for_self(actor, user, NOT_OWN_ADMIN)
    if not is_active:
        _refuse_for_self(actor, user, NOT_OWN_DEACTIVATION)
    wanted = {
        "display_name": display_name,
        "email": email.lower(),
        "is_active": is_active,
        "is_admin": is_admin,
    }
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if changed:
        with transaction.atomic():
            user.version = next_version(user, expected_version, _("Someone else saved this account in the meantime."))
            _save_unique(user, [*changed, "version"])
            if "email" in changed:
                # Addresses allauth may know from before must not keep working for sign-in.
                EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
            _audit(actor, Action.CHANGE, user, changed)
    return changed


def _save_unique(user: User, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError(EMAIL_TAKEN, code="email") from None


def deactivate_account(actor: User, user: User) -> None:
    """The account keeps its history and memberships but can no longer sign in;
    sessions it has end at their next request (the auth backend refuses inactive users)."""
    _require_admin(actor)
    _refuse_for_self(actor, user, NOT_OWN_DEACTIVATION)
    if user.is_active:
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            _audit(actor, Action.DEACTIVATE, user)


def reactivate_account(actor: User, user: User) -> None:
    _require_admin(actor)
    if not user.is_active:
        with transaction.atomic():
            user.is_active = True
            user.save(update_fields=["is_active"])
            _audit(actor, Action.REACTIVATE, user)


def add_membership(
    actor: User, user: User, *, role: str,
    centre: Centre | None = None, organisation: Organisation | None = None,
) -> Membership:
    _require_admin(actor)
    check_membership_scope(role, centre, organisation)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, role=role, centre=centre, organisation=organisation
            )
            _audit(actor, Action.ROLE_GRANTED, user, [f"role:{role}"], centre)
            return membership
    except IntegrityError:
        raise ValidationError(DUPLICATE_ROLE, code="duplicate") from None


def check_membership_scope(
    role: str, centre: Centre | None, organisation: Organisation | None
) -> None:
    """Centre roles need a centre, referrers an organisation, never both.
    Mirrors the database constraint so that a bad pair is a message, not a crash."""
    if role in CENTRE_ROLES:
        if centre is None or organisation is not None:
            raise ValidationError(CENTRE_SCOPE, code="scope")
    elif role == Role.REFERRER:
        if organisation is None or centre is not None:
            raise ValidationError(REFERRER_SCOPE, code="scope")
    else:
        raise ValidationError(_("Choose a role."), code="role")


def remove_membership(actor: User, membership: Membership) -> None:
    _require_admin(actor)
    with transaction.atomic():
        _audit(actor, Action.ROLE_REVOKED, membership.user, [f"role:{membership.role}"],
               membership.centre)
        membership.delete()


def reset_second_factor(actor: User, user: User) -> int:
    """Remove every authenticator (app, security keys, recovery codes) of the account,
    e.g. after a lost phone. The owner must set up a new one at the next sign-in.
    Returns how many were removed."""
    _require_admin(actor)
    _refuse_for_self(actor, user, _("Change your own second factor on the Security page."))
    with transaction.atomic():
        authenticators = Authenticator.objects.filter(user=user)
        types = sorted(set(authenticators.values_list("type", flat=True)))
        removed, _details = authenticators.delete()
        if removed:
            # Which kinds were removed (e.g. "totp", "recovery_codes"), not how many or which.
            _audit(actor, Action.MFA_RESET, user, types)
    return removed
