"""Whatever an admin types into the account forms, the answer is a page or a redirect, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.accounts.models import Role
from beistand.accounts.tests.helpers import csrf_token

FUZZ = settings(
    max_examples=60,
    deadline=None,
    # One database per test, shared by its examples: accounts created by one
    # example make later ones meet "address already used", which is wanted.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

anything = st.text(max_size=300)
emails = st.one_of(anything, st.emails(), st.just("ALICE@backup.example"))
flags = st.one_of(st.just(""), st.just("on"), anything)
roles = st.one_of(anything, st.sampled_from([*Role.values, ""]))
centres = st.one_of(anything, st.sampled_from(["backup", "opferberatung-rheinland", ""]))
organisations = st.one_of(anything, st.sampled_from(["polizei-dortmund", "backup-comeback", ""]))


@pytest.fixture
def admin_client(client_for, ada, alice, rheinland, police):
    client = client_for(ada)
    client.token = csrf_token(client, "/de/staff/accounts/new/")
    return client


@FUZZ
@given(name=anything, email=emails, admin_flag=flags)
def test_create_account_form_never_fails(admin_client, name, email, admin_flag):
    data = {"display_name": name, "email": email, "is_admin": admin_flag}
    response = admin_client.post(
        "/de/staff/accounts/new/", {**data, "csrfmiddlewaretoken": admin_client.token}
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(name=anything, email=emails, active=flags, admin_flag=flags)
def test_edit_account_form_never_fails(admin_client, alice, name, email, active, admin_flag):
    data = {"display_name": name, "email": email, "is_active": active, "is_admin": admin_flag}
    response = admin_client.post(
        f"/de/staff/accounts/{alice.public_id}/edit/",
        {**data, "csrfmiddlewaretoken": admin_client.token},
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(role=roles, centre=centres, organisation=organisations)
def test_membership_form_never_fails(admin_client, alice, role, centre, organisation):
    data = {"role": role, "centre": centre, "organisation": organisation}
    response = admin_client.post(
        f"/de/staff/accounts/{alice.public_id}/roles/add/",
        {**data, "csrfmiddlewaretoken": admin_client.token},
    )
    assert response.status_code in (200, 302)
    assert all(m.scope is not None for m in alice.memberships.all())
