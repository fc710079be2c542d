"""Every change to the routing rules goes through these functions.

Each re-checks the right (the views already answered 404 outside the user's
scope; this is the second line), saves in one transaction and writes a
technical audit event naming the rule and the changed fields. Rules describe
institutions, so no personal data is involved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.helpfinder.access import may_edit_rules_of

if TYPE_CHECKING:
    from beistand.accounts.models import User
    from beistand.helpfinder.forms import RoutingRuleForm
    from beistand.helpfinder.models import RoutingRule


@transaction.atomic
def save_rule(actor: User, form: RoutingRuleForm) -> RoutingRule:
    """Creates or changes a rule of `form.centre`; StaleEdit (nothing written) if someone
    saved the rule since the form was loaded."""
    if not may_edit_rules_of(actor, form.centre):
        raise PermissionDenied
    rule = form.save(commit=False)
    creating = rule.pk is None
    rule.centre = form.centre
    rule.save_checked(form.expected_version())
    changed = [name for name in form.changed_data if name != "version"]
    if creating or changed:
        record(
            Action.CREATE if creating else Action.CHANGE, obj=rule, fields=changed,
            centre_id=rule.centre.public_id, category=Category.TECHNICAL, user=actor,
        )
    return rule


@transaction.atomic
def delete_rule(actor: User, rule: RoutingRule) -> None:
    if not may_edit_rules_of(actor, rule.centre):
        raise PermissionDenied
    record(Action.DELETE, obj=rule, centre_id=rule.centre.public_id, category=Category.TECHNICAL, user=actor)
    rule.delete()
