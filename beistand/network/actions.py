"""Every change to the network directory goes through these functions.

Each takes the acting user, re-checks the permission (the views already
answered 404 outside the user's scope; this is the second line), saves in one
transaction and writes an audit event in it: the object and the names of the
changed fields, never their content. Directory entries describe institutions,
so the events are technical ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from beistand.audit.events import record
from beistand.audit.models import Action, Category
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
    creating = form.instance.pk is None
    if creating:
        _check(network_rules.can_add_organisation.test(actor))
    else:
        _check(network_rules.can_change_organisation.test(actor, form.instance))
    organisation = form.save()
    _check(network_rules.can_change_organisation.test(actor, organisation))
    _record(actor, creating, organisation, form.changed_data)
    return organisation


@transaction.atomic
def save_network(actor: User, form: NetworkForm) -> Network:
    creating = form.instance.pk is None
    if creating:
        _check(network_rules.can_add_network.test(actor))
    else:
        _check(network_rules.can_change_network.test(actor, form.instance))
    network = form.save()
    _check(network_rules.can_change_network.test(actor, network))
    _record(actor, creating, network, form.changed_data)
    return network
