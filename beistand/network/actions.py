"""Every change to the network directory goes through these functions.

Each takes the acting user, re-checks the permission (the views already
answered 404 outside the user's scope; this is the second line), saves in one
transaction and writes an audit event in it: the object and the names of the
changed fields, never their content. Directory entries describe institutions,
so the events are technical ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.lib.locking import next_version
from beistand.network import rules as network_rules

if TYPE_CHECKING:
    from uuid import UUID

    from django.forms import BaseInlineFormSet

    from beistand.accounts.models import User
    from beistand.network.forms import CentreForm, NetworkForm, OrganisationForm
    from beistand.network.models import Centre, Network, Organisation


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _record(
    actor: User, creating: bool, obj: Centre | Network | Organisation, fields: list[str],
    centre_id: UUID | None = None,
) -> None:
    """One event per save; an unchanged entry saved again leaves none."""
    if not (creating or fields):
        return
    record(Action.CREATE if creating else Action.CHANGE, obj=obj, fields=fields,
           centre_id=centre_id, category=Category.TECHNICAL, user=actor)


@transaction.atomic
def save_centre(actor: User, form: CentreForm, opening_hours: BaseInlineFormSet) -> Centre:
    """Creates or updates a centre with its opening hours (both already validated)."""
    creating = form.instance.pk is None
    if creating:
        _check(network_rules.can_add_centre.test(actor))
    else:
        _check(network_rules.can_change_centre.test(actor, form.instance))
        _claim_version(form, _("Someone else saved this centre in the meantime."))
    centre = form.save()
    opening_hours.instance = centre
    opening_hours.save()
    # A coordinator's new centre must land in one of their networks (the form insists too).
    _check(network_rules.can_change_centre.test(actor, centre))
    changed = form.changed_data + (["opening_hours"] if opening_hours.has_changed() else [])
    # The centre's own entry: its leads see the event in their audit view.
    _record(actor, creating, centre, changed, centre_id=centre.public_id)
    return centre


@transaction.atomic
def save_organisation(actor: User, form: OrganisationForm) -> Organisation:
    return _save_checked(
        actor, form, network_rules.can_add_organisation, network_rules.can_change_organisation
    )


@transaction.atomic
def save_network(actor: User, form: NetworkForm) -> Network:
    return _save_checked(actor, form, network_rules.can_add_network, network_rules.can_change_network)


def _save_checked(actor: User, form: Any, can_add: Any, can_change: Any) -> Any:
    """Checks the right before and after saving (the saved object must stay in scope), records it."""
    creating = form.instance.pk is None
    _check(can_add.test(actor) if creating else can_change.test(actor, form.instance))
    if not creating:
        _claim_version(form, _("Someone else saved this entry in the meantime."))
    saved = form.save()
    _check(can_change.test(actor, saved))
    _record(actor, creating, saved, form.changed_data)
    return saved


def _claim_version(form: Any, message: Any) -> None:
    """StaleEdit (the caller's transaction writes nothing) when the record changed since the form was loaded."""
    form.instance.version = next_version(form.instance, form.expected_version(), message)
