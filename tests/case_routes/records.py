"""URL matrix entries for incidents, sessions, accompaniments, proceedings, referrals, consents
and the code lists (see tests/matrix.py). The records are made on the spot inside the kwargs.

The builders below are shared with the records tests (beistand/cases/tests/test_records_*.py).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import translation

from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import (
    AccompanimentKind,
    ConsentForm,
    ConsentPurpose,
    ProceedingRole,
    SessionMode,
)
from beistand.cases.models import (
    Accompaniment,
    CodeList,
    Consent,
    CounsellingSession,
    CourtProceeding,
    Incident,
    Referral,
)
from beistand.keys.models import DataKey, Purpose
from tests.matrix import CASEWORKERS, MISSING_CASE, Route, case_of, only

# --- Builders -----------------------------------------------------------------------------------


def _in(case: Any, record: Any, **fields: Any) -> Any:
    for name, value in fields.items():
        setattr(record, name, value)
    record.case = case
    record.save()
    return record


def make_session(case: Any, **fields: Any) -> CounsellingSession:
    defaults = {"duration_minutes": 45, "mode": SessionMode.OFFICE}
    return _in(case, CounsellingSession(), **{**defaults, **fields})


def make_accompaniment(case: Any, **fields: Any) -> Accompaniment:
    return _in(case, Accompaniment(), **{"kind": AccompanimentKind.COURT, **fields})


def make_proceeding(case: Any, **fields: Any) -> CourtProceeding:
    defaults = {"court": "Amtsgericht Dortmund", "role": ProceedingRole.JOINT_PLAINTIFF}
    return _in(case, CourtProceeding(), **{**defaults, **fields})


def make_referral(case: Any, **fields: Any) -> Referral:
    return _in(case, Referral(), **{"purpose": "legal", "partner": "Kanzlei Beispiel", **fields})


def make_consent(case: Any, link: Any, *, given: bool = True, **fields: Any) -> Consent:
    defaults = {
        "person": link, "purpose": ConsentPurpose.SHARE, "partner": "Kanzlei Beispiel", "given": given,
        "form": ConsentForm.SPOKEN, "language": "de", "text_version": "2026-01",
    }
    return _in(case, Consent(), **{**defaults, **fields})


def make_incident(case: Any, **fields: Any) -> Incident:
    incident = Incident(
        centre=case.centre, data_key=DataKey.create(Purpose.INCIDENT, case.centre),
        occurred_on=fields.pop("occurred_on", datetime.date(2026, 1, 10)), **fields,
    )
    incident.save()
    incident.cases.add(case)
    return incident


def make_person(case: Any, pseudonym: str = "Matrix person") -> Any:
    return add_new_person(case, pseudonym=pseudonym)


# --- Matrix entries -------------------------------------------------------------------------------

# A case of another centre is for Alice and Lena what a missing one is: 404.
OUTSIDE = {"alice": 404, "lena": 404}
CASE = {
    "kwargs": case_of("own_case"), "foreign": case_of("foreign_case"), "foreign_expect": OUTSIDE,
    "missing": MISSING_CASE,
}


def record_of(build: Callable[[Any], Any]) -> dict[str, Any]:
    """Own record in the own case, a record in the foreign case, and a record id the own case lacks."""

    def ids(attribute: str) -> Callable[[Any], dict]:
        def kwargs(world: Any) -> dict:
            case = getattr(world, attribute)
            return {"case_id": case.public_id, "record_id": build(case).public_id}

        return kwargs

    return {
        "kwargs": ids("own_case"), "foreign": ids("foreign_case"), "foreign_expect": OUTSIDE,
        "missing": lambda world: {"case_id": world.own_case.public_id, "record_id": uuid.uuid4()},
    }


def code_list_of(network_attribute: str | None) -> Callable[[Any], dict]:
    """A current list: the default motives, or a network's own copy made on the spot."""

    def kwargs(world: Any) -> dict:
        default = CodeList.objects.get(network=None, scheme="motive", is_current=True)
        if network_attribute is None:
            return {"list_id": default.public_id}
        network = getattr(world, network_attribute)
        own, _created = CodeList.objects.get_or_create(
            network=network, scheme="motive", version=default.version + 1,
            defaults={"title": "Motive", "previous": default},
        )
        return {"list_id": own.public_id}

    return kwargs


MISSING_LIST = lambda world: {"list_id": uuid.uuid4()}  # noqa: E731
# Readers of code lists: case workers and coordinators, and admins; referrers get 404.
LIST_READERS = only(("alice", "lena", "kai", "ada"))

ROUTES: dict[str, Route] = {
    "cases:incident_create": Route(CASEWORKERS, **CASE),
    "cases:incident_link": Route(CASEWORKERS, **CASE),
    "cases:incident_edit": Route(CASEWORKERS, **record_of(make_incident)),
    "cases:session_create": Route(CASEWORKERS, **CASE),
    "cases:session_edit": Route(CASEWORKERS, **record_of(make_session)),
    "cases:accompaniment_create": Route(CASEWORKERS, **CASE),
    "cases:accompaniment_edit": Route(CASEWORKERS, **record_of(make_accompaniment)),
    "cases:proceeding_create": Route(CASEWORKERS, **CASE),
    "cases:proceeding_edit": Route(CASEWORKERS, **record_of(make_proceeding)),
    "cases:referral_create": Route(CASEWORKERS, **CASE),
    "cases:referral_edit": Route(CASEWORKERS, **record_of(make_referral)),
    "cases:consent_list": Route(CASEWORKERS, **CASE),
    "cases:consent_record": Route(CASEWORKERS, **CASE),
    # Code lists: the own network's list is read by its centres' workers and its coordinator;
    # another network's only by the admin, who reads every list.
    "cases:codelist_list": Route(LIST_READERS),
    "cases:codelist_detail": Route(
        LIST_READERS, kwargs=code_list_of("own_network"), foreign=code_list_of("foreign_network"),
        foreign_expect={"alice": 404, "lena": 404, "kai": 404}, missing=MISSING_LIST,
    ),
    # Only the coordinators of the list's network change it (admins: only the defaults).
    "cases:codelist_edit": Route(
        only(("kai",)), kwargs=code_list_of("own_network"), foreign=code_list_of("foreign_network"),
        foreign_expect={"kai": 404}, missing=MISSING_LIST,
    ),
    # A new version of the default list: for the coordinator's network, or (admins) a new default.
    "cases:codelist_new_version": Route(
        only(("kai", "ada")), kwargs=code_list_of(None), foreign=code_list_of("foreign_network"),
        foreign_expect={"kai": 404, "ada": 404}, missing=MISSING_LIST,
    ),
}


# --- Page helpers for the records tests ------------------------------------------------------------


def page(name: str, **kwargs: Any) -> str:
    """The English address of a page: tests read the source-language messages."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def post(client: Any, url: str, data: dict[str, Any]) -> Any:
    """Opens the form (which sets the CSRF cookie) and submits it with the token, as a browser does."""
    client.get(url)
    if "beistand_csrf" not in client.cookies:  # a refused page (closed case) sets none
        client.get(page("workspace:home"))
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["beistand_csrf"].value})
