"""How referrals to an entry went, for the centre that made them: a quiet signal of which partners work.

Counts only (taken up / not taken up / pending / unknown), over the referrals
from cases of the user's own centres; nothing about the cases or persons.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from beistand.cases.access import casework_centres
from beistand.cases.choices import ReferralOutcome, ReferralPurpose
from beistand.cases.models import Referral
from beistand.directory.models import Service, TaxonomyTerm


def outcomes_for(user: Any, service: Service) -> list[tuple[str, int]]:
    """[(outcome label, count)] in the code list's order; empty when the user's centres never referred here."""
    centres = casework_centres(user)
    counts = dict(
        Referral.objects.filter(directory_entry=service, case__centre__in=centres)
        .values_list("outcome")
        .annotate(number=Count("pk"))
        .values_list("outcome", "number")
    )
    return [(str(label), counts[value]) for value, label in ReferralOutcome.choices if counts.get(value)]


def referral_defaults(service: Service) -> dict[str, Any]:
    """What a new referral to this entry starts with: the entry, the partner's name, the purpose."""
    partner = service.provider.name if service.provider.name == service.name else f"{service.provider.name} – {service.name}"
    return {"directory_entry": service.public_id, "partner": partner[:250], "purpose": purpose_of(service)}


def purpose_of(service: Service) -> str:
    """The referral purpose of the entry's first need (a need's code is a purpose, or lies below one)."""
    purposes = {value for value, _label in ReferralPurpose.choices}
    for attribute in service.attributes.select_related("term__parent__parent").order_by("term__position"):
        term: TaxonomyTerm | None = attribute.term
        while term is not None:
            if term.code in purposes:
                return term.code
            term = term.parent
    return ReferralPurpose.OTHER
