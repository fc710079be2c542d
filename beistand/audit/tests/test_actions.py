"""Each action function writes exactly its audit event: actor, object, field names — no content."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.exceptions import PermissionDenied, ValidationError

from beistand.accounts import actions
from beistand.accounts.models import Membership, Role
from beistand.audit.context import acting_as
from beistand.audit.models import Action, AuditEvent, Category
from beistand.audit.tests.helpers import audit_rows_text
from beistand.network import actions as network_actions
from beistand.network.forms import NetworkForm, OrganisationForm, centre_forms
from beistand.network.tests.factories import centre_data

pytestmark = pytest.mark.django_db

MARKER = "Zebrafink-4711"


@pytest.fixture(autouse=True)
def quiet_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def only_event() -> AuditEvent:
    """The one event written; fails if there is none or more than one."""
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, [(e.action, e.object_type, e.fields) for e in events]
    return events[0]


def assert_event(event, action, actor, obj, fields=(), centre=None) -> None:
    assert event.action == action
    assert event.category == Category.TECHNICAL
    assert event.actor_id == actor.public_id
    assert event.object_type == obj._meta.label_lower
    assert event.object_id == str(getattr(obj, "public_id", None) or obj.pk)
    assert event.fields == sorted(fields)
    assert event.centre_id == (centre.public_id if centre else None)


# --- Accounts -------------------------------------------------------------------------------

def test_create_account_names_the_fields_set_not_their_values(ada):
    user, _sent = actions.create_account(
        ada, display_name=MARKER, email=f"{MARKER.lower()}@backup.example", is_admin=True
    )
    event = only_event()
    assert_event(event, Action.CREATE, ada, user, ["display_name", "email", "is_admin"])
    assert event.actor_role == "admin"
    assert MARKER.lower() not in audit_rows_text().lower()


def test_create_account_without_admin_role_does_not_name_it(ada):
    user, _sent = actions.create_account(ada, display_name="Nia", email="nia@x.example", is_admin=False)
    assert_event(only_event(), Action.CREATE, ada, user, ["display_name", "email"])


def test_a_refused_creation_leaves_no_event(ada, alice):
    with pytest.raises(ValidationError) as refusal:
        actions.create_account(ada, display_name="Copy", email=alice.email, is_admin=False)
    assert refusal.value.code == "email"
    assert not AuditEvent.objects.exists()


def test_update_account_names_the_changed_fields(ada, alice):
    actions.update_account(ada, alice, display_name=MARKER, email="new-" + alice.email,
                           is_active=True, is_admin=False)
    assert_event(only_event(), Action.CHANGE, ada, alice, ["display_name", "email"])
    assert MARKER not in audit_rows_text()
    assert "new-" not in audit_rows_text()


def test_an_unchanged_account_leaves_no_event(ada, alice):
    actions.update_account(ada, alice, display_name=alice.display_name, email=alice.email,
                           is_active=True, is_admin=False)
    assert not AuditEvent.objects.exists()


def test_password_link_is_recorded(ada, alice):
    actions.send_password_link(ada, alice)
    assert_event(only_event(), Action.PASSWORD_LINK, ada, alice)
    assert alice.email not in audit_rows_text()


def test_deactivate_and_reactivate(ada, alice):
    actions.deactivate_account(ada, alice)
    assert_event(only_event(), Action.DEACTIVATE, ada, alice)
    actions.reactivate_account(ada, alice)
    newest = AuditEvent.objects.first()
    assert_event(newest, Action.REACTIVATE, ada, alice)
    assert AuditEvent.objects.count() == 2


def test_deactivating_an_inactive_account_again_leaves_no_second_event(ada, alice):
    actions.deactivate_account(ada, alice)
    actions.deactivate_account(ada, alice)
    assert AuditEvent.objects.count() == 1


def test_role_granted_names_role_and_centre(ada, bob, rheinland):
    actions.add_membership(ada, bob, role=Role.LEAD, centre=rheinland)
    assert_event(only_event(), Action.ROLE_GRANTED, ada, bob, ["role:lead"], centre=rheinland)


def test_referrer_role_belongs_to_no_centre(ada, bob, police):
    actions.add_membership(ada, bob, role=Role.REFERRER, organisation=police)
    assert_event(only_event(), Action.ROLE_GRANTED, ada, bob, ["role:referrer"])


def test_a_duplicate_role_leaves_no_event(ada, alice, backup):
    with pytest.raises(ValidationError) as refusal:
        actions.add_membership(ada, alice, role=Role.COUNSELLOR, centre=backup)
    assert refusal.value.code == "duplicate"
    assert not AuditEvent.objects.exists()


def test_role_revoked_names_role_and_centre(ada, alice, backup):
    actions.remove_membership(ada, Membership.objects.get(user=alice))
    assert_event(only_event(), Action.ROLE_REVOKED, ada, alice, ["role:counsellor"], centre=backup)


def test_second_factor_reset_names_the_kinds_removed(ada, alice):
    RecoveryCodes.activate(alice)
    assert actions.reset_second_factor(ada, alice) == 2
    assert_event(only_event(), Action.MFA_RESET, ada, alice, ["recovery_codes", "totp"])


def test_refused_actions_leave_no_event(ada, alice):
    with pytest.raises(PermissionDenied):
        actions.deactivate_account(alice, ada)
    with pytest.raises(ValidationError):
        actions.deactivate_account(ada, ada)
    assert not AuditEvent.objects.exists()


def test_inside_a_request_the_event_carries_its_request_id(ada, alice):
    with acting_as(ada) as actor:
        actions.deactivate_account(ada, alice)
    assert only_event().request_id == actor.request_id


# --- Network directory ----------------------------------------------------------------------

def save_centre(user, data, instance=None):
    form, hours = centre_forms(user, data, instance)
    assert form.is_valid() and hours.is_valid(), (form.errors, hours.errors)
    return network_actions.save_centre(user, form, hours)


def test_centre_created_names_fields_not_content(ada, carrier):
    data = centre_data(name=MARKER, slug="zebrafink", organisation=str(carrier.pk),
                       description=f"{MARKER} description", phone="0231 123456")
    centre = save_centre(ada, data)
    event = only_event()
    assert event.action == Action.CREATE
    assert event.centre_id == centre.public_id
    assert event.object_id == str(centre.public_id)
    assert {"name", "description", "phone"} <= set(event.fields)
    text = audit_rows_text()
    assert MARKER not in text and "0231" not in text and "zebrafink" not in text


def test_centre_changed_names_the_changed_fields(ada, backup):
    save_centre(ada, centre_data(backup, name=MARKER), instance=backup)
    event = only_event()
    assert_event(event, Action.CHANGE, ada, backup, ["name"], centre=backup)
    assert MARKER not in audit_rows_text()


def test_centre_saved_unchanged_leaves_no_event(ada, backup):
    save_centre(ada, centre_data(backup), instance=backup)
    assert not AuditEvent.objects.exists()


def test_organisation_created_and_changed(ada, carrier):
    form = OrganisationForm({"name": MARKER, "slug": "", "kind": "carrier"}, user=ada)
    assert form.is_valid(), form.errors
    organisation = network_actions.save_organisation(ada, form)
    assert_event(only_event(), Action.CREATE, ada, organisation, form.changed_data)

    data = {"name": carrier.name, "slug": carrier.slug, "kind": carrier.kind, "city": MARKER}
    form = OrganisationForm(data, instance=carrier, user=ada)
    assert form.is_valid(), form.errors
    network_actions.save_organisation(ada, form)
    assert_event(AuditEvent.objects.first(), Action.CHANGE, ada, carrier, ["city"])
    assert MARKER not in audit_rows_text()


def test_network_changed_by_its_coordinator(kai, state_network, lks):
    data = {"name": MARKER, "slug": state_network.slug, "coordinated_by": str(lks.pk)}
    form = NetworkForm(data, instance=state_network, user=kai)
    assert form.is_valid(), form.errors
    network_actions.save_network(kai, form)
    event = only_event()
    assert_event(event, Action.CHANGE, kai, state_network, ["name"])
    assert event.actor_role == "coordinator"
    assert MARKER not in audit_rows_text()
