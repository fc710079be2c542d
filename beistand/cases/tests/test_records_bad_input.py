"""Whatever a browser sends to the records' forms: an answer with the input kept, never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.cases.forms.work import normalise_amount
from beistand.cases.testing import make_case
from tests.case_routes.records import page

# Text a browser can send: anything but lone surrogates (not encodable as UTF-8).
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=120)
no_health_check = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FORMS = {
    "incident_create": ["occurred_on", "date_precision", "place", "place_choice", "exact_place", "motives",
                        "offence", "perpetrator_count", "affected_count", "minors_count", "description"],
    "session_create": ["held_on", "duration_minutes", "mode", "language", "participants", "counsellor", "note"],
    "accompaniment_create": ["kind", "held_on", "travel_cost", "interpreter_cost", "note"],
    "proceeding_create": ["court", "file_number", "role", "hearings-TOTAL_FORMS", "hearings-0-held_on"],
    "referral_create": ["referred_on", "purpose", "partner", "person", "shares_data", "outcome"],
    "consent_record": ["person", "purpose", "partner", "given", "form", "language", "text_version", "stated_at"],
}


@pytest.fixture
def signed_in(client_for, alice, backup):
    client = client_for(alice)
    client.get(page("workspace:home"))
    return client, make_case(backup, assigned=[alice])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FORMS))
@no_health_check
@given(values=st.lists(any_text, min_size=8, max_size=8))
def test_any_input_is_answered_never_a_500(signed_in, name, values):
    client, case = signed_in
    data = dict(zip(FORMS[name], values, strict=False))
    data["csrfmiddlewaretoken"] = client.cookies["beistand_csrf"].value
    response = client.post(page(f"cases:{name}", case_id=case.public_id), data)
    assert response.status_code in (200, 302)


@given(euros=st.integers(min_value=0, max_value=999_999), cents=st.integers(min_value=0, max_value=99))
def test_amounts_typed_the_german_way_mean_what_they_say(euros, cents):
    german = f"{euros:,}".replace(",", ".") + f",{cents:02d}"
    assert Decimal(normalise_amount(german)) == Decimal(f"{euros}.{cents:02d}")
    english = f"{euros:,}.{cents:02d}"
    assert Decimal(normalise_amount(english)) == Decimal(f"{euros}.{cents:02d}")
