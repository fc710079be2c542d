"""Account administration for admins: who works here, in which centre, in which role.

Every view answers 404 to anybody who is not an administrator, the same as for
an account that does not exist. State changes go through beistand.accounts.actions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beistand.accounts import actions
from beistand.accounts.forms import AccountCreateForm, AccountEditForm, MembershipForm
from beistand.accounts.middleware import SECOND_FACTORS
from beistand.accounts.models import Membership, User
from beistand.accounts.rules import is_admin
from beistand.lib.http import AuthenticatedRequest
from beistand.lib.locking import StaleEdit, with_current_version

View = Callable[..., HttpResponse]
STALE_MESSAGE = gettext_lazy(
    "Someone else saved this account while you were editing it. Your entries are shown below and were not "
    "saved. Check them against the current account, then save again to replace it with your entries."
)


def closed(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """For allauth pages this installation does not offer (signup, own e-mail addresses)."""
    raise Http404


def admin_only(view: View) -> View:
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def accounts_with_status() -> QuerySet[User]:
    """Accounts with their roles and whether they have a second factor, in two queries."""
    second_factor = Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)
    memberships = Membership.objects.select_related("centre", "organisation").order_by("role")
    return User.objects.annotate(has_second_factor=Exists(second_factor)).prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )


def _account(public_id: UUID) -> User:
    return get_object_or_404(accounts_with_status(), public_id=public_id)


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"accounts/{template}", {"nav": "accounts", **context})


@admin_only
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    return _render(request, "user_list.html", {"accounts": accounts_with_status()})


@admin_only
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    form = AccountCreateForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            account, sent = actions.create_account(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account was created."))
            _report_link(request, sent)
            return redirect("staff_accounts:user_detail", public_id=account.public_id)
    return _render(request, "user_form.html", {"form": form, "creating": True})


def _report_link(request: HttpRequest, sent: bool) -> None:
    # Messages travel in a cookie or the session: they name no person and no address.
    if sent:
        messages.success(request, _("A link to set the password was sent by e-mail."))
    else:
        messages.error(request, _(
            "The e-mail with the password link could not be sent. Check the mail settings "
            "and send the link again."
        ))


def _data(request: HttpRequest) -> Any:
    """The submitted data of a POST, None (an unbound form) otherwise."""
    return request.POST if request.method == "POST" else None


@admin_only
def user_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    form = MembershipForm(account=account)
    return _render(request, "user_detail.html", {"account": account, "membership_form": form})


@admin_only
def user_edit(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    form = AccountEditForm(_data(request), actor=request.user, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_account(
                request.user, account, **form.account_fields(), expected_version=form.expected_version()
            )
        except ValidationError as error:
            form.add_error(None, error)
        except StaleEdit:
            form = _stale_account_form(request, account)
        else:
            if changed:
                messages.success(request, _("The account was saved."))
            return redirect("staff_accounts:user_detail", public_id=account.public_id)
    return _render(request, "user_form.html", {"form": form, "account": account})


def _stale_account_form(request: AuthenticatedRequest, account: User) -> AccountEditForm:
    """The admin's input again, with the account's current version to save over, and why."""
    current = _account(account.public_id)
    form = AccountEditForm(with_current_version(request.POST, current), actor=request.user, account=current)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form


@admin_only
def membership_add(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    form = MembershipForm(_data(request), account=account)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_membership(request.user, account, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was added."))
            return redirect("staff_accounts:user_detail", public_id=account.public_id)
    return _render(request, "membership_form.html", {"form": form, "account": account})


@admin_only
def membership_remove(request: AuthenticatedRequest, public_id: UUID, membership_id: UUID) -> HttpResponse:
    account = _account(public_id)
    membership = get_object_or_404(account.memberships, public_id=membership_id)
    if request.method == "POST":
        actions.remove_membership(request.user, membership)
        messages.success(request, _("The role was removed."))
        return redirect("staff_accounts:user_detail", public_id=account.public_id)
    return _confirm(request, account, "membership_remove", membership=membership)


@admin_only
def user_deactivate(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    if request.method == "POST":
        return _act(request, account, actions.deactivate_account, _("The account was deactivated."))
    return _confirm(request, account, "deactivate")


@admin_only
@require_POST
def user_reactivate(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    return _act(request, account, actions.reactivate_account, _("The account was activated."))


@admin_only
def user_reset_mfa(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    if request.method == "POST":
        done = _("The second factor was removed. The person sets up a new one at the next sign-in.")
        return _act(request, account, actions.reset_second_factor, done)
    return _confirm(request, account, "reset_mfa")


@admin_only
@require_POST
def user_send_link(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    account = _account(public_id)
    try:
        sent = actions.send_password_link(request.user, account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _report_link(request, sent)
    return redirect("staff_accounts:user_detail", public_id=account.public_id)


def _act(
    request: AuthenticatedRequest, account: User, action: Callable[..., Any], done: str
) -> HttpResponse:
    """Run an action without a form; a refusal becomes an error message on the account page."""
    try:
        action(request.user, account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("staff_accounts:user_detail", public_id=account.public_id)


def _confirm(request: HttpRequest, account: User, what: str, **context: Any) -> HttpResponse:
    return _render(request, "confirm.html", {"account": account, "what": what, **context})
