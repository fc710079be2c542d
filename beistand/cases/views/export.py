"""The data-access export (GDPR Art. 15): everything stored about one person in one case.

As a printable page and as JSON, both in the person's language: the first of
their languages the platform speaks, else German. What is in it: the person's
own fields and role, their consents, the sessions they took part in, the
referrals for them, the incidents of the case, and the names and kinds of the
case's documents (not the files). Each export leaves an EXPORT audit event.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases import access
from beistand.cases.choices import ContactChannel
from beistand.cases.models import Case, CasePerson, Incident
from beistand.cases.views.closure import in_case
from beistand.cases.views.common import case_view
from beistand.lib.http import AuthenticatedRequest

FALLBACK_LANGUAGE = "de"


def export_language(languages: list[str]) -> str:
    """The first of the person's languages that the platform speaks, else German."""
    available = {code for code, _name in settings.LANGUAGES}
    return next((code.lower() for code in languages if code.lower() in available), FALLBACK_LANGUAGE)


@case_view
def person_export(request: AuthenticatedRequest, case: Case, person_id: Any) -> HttpResponse:
    link = access.get_participant(case, person_id)
    language = export_language(link.person.languages)
    with translation.override(language):
        export = export_data(case, link)
        context = {"case": case, "link": link, "export": export, "contact_rows": contact_rows(export["person"])}
        response = render(request, "cases/closure/person_export.html", context)
    response["Content-Language"] = language
    _audit_export(case, link, "html")
    return response


@case_view
def person_export_json(request: AuthenticatedRequest, case: Case, person_id: Any) -> HttpResponse:
    link = access.get_participant(case, person_id)
    language = export_language(link.person.languages)
    with translation.override(language):
        body = json.dumps(export_data(case, link), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-person-export.json"'
    response["Content-Language"] = language
    _audit_export(case, link, "json")
    return response


def _audit_export(case: Case, link: CasePerson, form: str) -> None:
    record(Action.EXPORT, obj=link.person, centre_id=case.centre.public_id, fields=[f"format:{form}"])


# --- What the export holds (labels in the active language) ------------------------------


def export_data(case: Case, link: CasePerson) -> dict[str, Any]:
    return {
        "exported_at": timezone.now(),
        "language": translation.get_language(),
        "centre": case.centre.name,
        "case": _case(case),
        "person": _person(link),
        "consents": [_consent(row) for row in in_case(link.consents.order_by("stated_at", "pk"), case)],
        "sessions": [_session(row) for row in in_case(link.sessions.order_by("held_on", "pk"), case)],
        "referrals": [_referral(row) for row in in_case(link.referrals.order_by("referred_on", "pk"), case)],
        "incidents": [_incident(row) for row in _incidents(case)],
        "documents": [_document(row) for row in in_case(case.documents.order_by("created_at", "pk"), case)],
    }


# The keys the person form stores in the contact and safe-contact fields, with their labels.
CONTACT_LABELS = {
    "phone": _("Phone"), "email": _("E-mail"), "address": _("Address"),
    "times": _("Good times to contact you"), "channel": _("Safe way to contact you"),
    "no_voicemail": _("No voicemail"), "code_word": _("Code word"),
}


def contact_rows(person: dict[str, Any]) -> list[tuple[str, str]]:
    """The filled-in contact and safe-contact details as (label, text), for the page."""
    rows = []
    for key, value in [*person["contact"].items(), *person["safe_contact"].items()]:
        if value in (None, "", [], False):
            continue
        rows.append((str(CONTACT_LABELS.get(key, key)), _contact_text(key, value)))
    return rows


def _contact_text(key: str, value: Any) -> str:
    if value is True:
        return str(_("Yes"))
    if key == "channel" and value in ContactChannel.values:
        return str(ContactChannel(value).label)
    return str(value)


def _label(row: Any, field: str) -> str:
    display: Callable[[], Any] = getattr(row, f"get_{field}_display")
    return str(display())


def _case(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "kind": _label(case, "kind"),
        "status": _label(case, "status"),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
    }


def _person(link: CasePerson) -> dict[str, Any]:
    person = link.person
    return {
        "role": _label(link, "role"),
        "pseudonym": person.pseudonym,
        "name": person.name,
        "contact": person.contact or {},
        "safe_contact": person.safe_contact or {},
        "languages": list(person.languages),
        "language_names": [_language_name(code) for code in person.languages],
        "interpreter_needed": person.interpreter_needed,
        "age_band": _label(person, "age_band"),
        "gender": _label(person, "gender"),
    }


def _language_name(code: str) -> str:
    """The language's name in the active language; the code itself when Django does not know it."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _consent(consent: Any) -> dict[str, Any]:
    return {
        "purpose": _label(consent, "purpose"),
        "partner": consent.partner,
        "given": consent.given,
        "stated_at": consent.stated_at,
        "form": _label(consent, "form"),
        "language": consent.language,
        "text_version": consent.text_version,
    }


def _session(session: Any) -> dict[str, Any]:
    return {
        "held_on": session.held_on,
        "duration_minutes": session.duration_minutes,
        "mode": _label(session, "mode"),
        "language": session.language,
        "interpreter_used": session.interpreter_used,
        "note": session.note,
    }


def _referral(referral: Any) -> dict[str, Any]:
    return {
        "referred_on": referral.referred_on,
        "purpose": _label(referral, "purpose"),
        "partner": referral.partner,
        "shares_data": referral.shares_data,
        "outcome": _label(referral, "outcome"),
        "note": referral.note,
    }


def _incidents(case: Case) -> list[Incident]:
    return list(
        case.incidents.select_related(
            "data_key__centre", "centre", "municipality", "district", "offence", "rias_type",
            "rias_background", "life_area",
        ).prefetch_related("motives", "discrimination_grounds").order_by("occurred_on", "pk")
    )


def _incident(incident: Incident) -> dict[str, Any]:
    single = {"offence": incident.offence, "rias_type": incident.rias_type,
              "rias_background": incident.rias_background, "life_area": incident.life_area}
    return {
        "occurred_on": incident.occurred_on,
        "date_precision": incident.date_precision,
        "municipality": incident.municipality.name if incident.municipality else None,
        "district": incident.district.name if incident.district else None,
        "exact_place": incident.exact_place,
        "motives": [code.label for code in incident.motives.all()],
        "discrimination_grounds": [code.label for code in incident.discrimination_grounds.all()],
        **{name: code.label if code else None for name, code in single.items()},
        "reported_to_police": _label(incident, "reported_to_police"),
        "affected_count": incident.affected_count,
        "minors_count": incident.minors_count,
        "description": incident.description,
    }


def _document(document: Any) -> dict[str, Any]:
    return {
        "name": document.original_name,
        "kind": _label(document, "kind"),
        "added_on": timezone.localdate(document.created_at),
    }
