"""Whatever people type and wherever they come from: none of it lands in the audit log.

Drives real flows with marker strings in every typed field, then searches every
column of every audit row for the markers and for the client's address.
"""

from __future__ import annotations

import pytest
from django.test import Client

from beistand.accounts.tests.helpers import (
    sign_in,
    sign_in_password,
    submit,
    totp_code,
    totp_secret,
)
from beistand.audit.models import AuditEvent
from beistand.audit.tests.helpers import audit_rows_text
from beistand.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MARKER = "Eisvogel-8841"
CLIENT_ADDRESS = "127.0.0.1"


def test_flows_leave_events_without_markers_or_addresses(alice, ada, client_for, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=CLIENT_ADDRESS)

    # Failed sign-ins: the marker as password, then as the address (known and unknown).
    sign_in_password(browser, alice.email, MARKER)
    sign_in_password(browser, f"{MARKER}@backup.example", PASSWORD)
    sign_in_password(browser, MARKER, MARKER)
    # A real sign-in and sign-out.
    sign_in(browser, alice.email, PASSWORD, totp_code(totp_secret(alice)))
    submit(browser, "/de/accounts/logout/", {}, form_url="/de/staff/")
    # An administrator creates an account with the marker as name and address.
    admin = client_for(ada)
    created = submit(admin, "/de/staff/accounts/new/",
                     {"display_name": MARKER, "email": f"{MARKER.lower()}@rheinland.example"})
    assert created.status_code == 302
    # ...and looks at the log with the marker as a filter value (recorded: the filter's name).
    admin.get("/de/staff/audit/", {"object_id": MARKER})
    admin.get("/de/staff/audit/", {"object_id": MARKER, "date_from": MARKER})

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"login_failed", "login", "logout", "create", "read"} <= actions
    text = audit_rows_text()
    assert MARKER.lower() not in text.lower()
    assert CLIENT_ADDRESS not in text
    assert alice.email not in text
