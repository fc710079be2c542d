"""Every change to the network directory goes through these functions.

Each takes the acting user, re-checks the permission (the views already
answered 404 outside the user's scope; this is the second line), saves in one
transaction and records what changed. The record names objects and fields,
never their content; the audit app will take it over from `_record`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from beistand.network import rules as network_rules

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet

    from beistand.accounts.models import User
    from beistand.network.forms import CentreForm, NetworkForm, OrganisationForm
    from beistand.network.models import Centre, Network, Organisation

logger = logging.getLogger("beistand.network")


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _record(actor: User, action: str, obj: object, fields: list[str]) -> None:
    logger.info(
        "network.%s by user %s on %s %s (fields: %s)",
        action, actor.pk, type(obj).__name__.lower(), getattr(obj, "pk", None), ", ".join(fields),
    )


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
    _record(actor, "centre_created" if creating else "centre_changed", centre, changed)
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
    _record(actor, "organisation_created" if creating else "organisation_changed",
            organisation, form.changed_data)
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
    _record(actor, "network_created" if creating else "network_changed", network, form.changed_data)
    return network
