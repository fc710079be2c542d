"""Consent checks: what a person currently agrees to, per purpose (and, for sharing, per partner).

Consents are statements that are never edited: the newest statement on a
purpose is the current state. Sharing names a partner; the partner is stored
encrypted, so statements are loaded and compared in Python, case and spacing
ignored ("Kanzlei  Müller " is "kanzlei müller").

Every data flow that needs consent calls `require_consent()`, which returns
the statement relied on or raises ConsentMissing. The exception itself holds no
personal content (it may reach a log); `user_message()` builds the sentence
for the counsellor's screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from beistand.cases.choices import ConsentPurpose
from beistand.cases.models import Consent

if TYPE_CHECKING:
    from beistand.cases.models import Case, CasePerson, Referral


class ConsentMissing(Exception):
    """No current consent: never given, or withdrawn. Its text names the purpose only."""

    def __init__(self, link: CasePerson, purpose: str, partner: str | None, withdrawn: Consent | None) -> None:
        super().__init__(f"no current consent for the purpose {purpose}")
        self.link, self.purpose, self.partner, self.withdrawn = link, purpose, partner, withdrawn

    def user_message(self) -> str:
        """The sentence for the screen (it names the person's pseudonym and the partner)."""
        names = {
            "person": self.link.person.pseudonym,
            "partner": self.partner or "",
            "purpose": ConsentPurpose(self.purpose).label,
        }
        if self.purpose == ConsentPurpose.SHARE:
            if self.withdrawn is not None:
                return _("%(person)s has withdrawn the consent to sharing with %(partner)s.") % names
            return _("%(person)s has not consented to sharing with %(partner)s — record the consent first.") % names
        if self.withdrawn is not None:
            return _("%(person)s has withdrawn the consent to: %(purpose)s.") % names
        return _("%(person)s has not consented to: %(purpose)s — record the consent first.") % names


def same_partner(first: str | None, second: str | None) -> bool:
    return normalise_partner(first) == normalise_partner(second)


def normalise_partner(partner: str | None) -> str:
    return " ".join((partner or "").split()).casefold()


def _bound_to(consents: Iterable[Consent], case: Case) -> list[Consent]:
    """Statements of one case share its key: open them all with the case's (unwrapped) key."""
    loaded = list(consents)
    for consent in loaded:
        consent.case, consent.data_key = case, case.data_key
    return loaded


def statements(link: CasePerson, purpose: str) -> list[Consent]:
    """The person's statements on a purpose in this case, newest first."""
    return _bound_to(Consent.objects.filter(person=link, purpose=purpose).order_by("-stated_at", "-pk"), link.case)


def current_consent(link: CasePerson, purpose: str, partner: str | None = None) -> Consent | None:
    """The newest statement on the purpose (for sharing: with this partner), given or withdrawn."""
    if purpose != ConsentPurpose.SHARE:
        newest = statements(link, purpose)[:1]
        return newest[0] if newest else None
    if not normalise_partner(partner):
        return None
    return next((c for c in statements(link, purpose) if same_partner(c.partner, partner)), None)


def has_consent(link: CasePerson, purpose: str, partner: str | None = None) -> bool:
    current = current_consent(link, purpose, partner)
    return current is not None and current.given


def require_consent(link: CasePerson, purpose: str, partner: str | None = None) -> Consent:
    """The given consent a data flow relies on; ConsentMissing when there is none (or it was withdrawn)."""
    current = current_consent(link, purpose, partner)
    if current is None or not current.given:
        raise ConsentMissing(link, purpose, partner, withdrawn=current)
    return current


def key_of(person_id: int | None, partner: str | None, purpose: str = ConsentPurpose.SHARE) -> tuple[int | None, str, str]:
    """What a statement is about: person, purpose and (for sharing) the partner, normalised."""
    return (person_id, purpose, normalise_partner(partner) if purpose == ConsentPurpose.SHARE else "")


def current_by_key(case: Case, statements: list[Consent] | None = None) -> dict[tuple[int | None, str, str], Consent]:
    """The current statement per person × purpose (× partner) of a case; from `statements`
    (newest first, as `history()` returns them) when the caller has them already."""
    current: dict[tuple[int | None, str, str], Consent] = {}
    for consent in history(case) if statements is None else statements:
        current.setdefault(key_of(consent.person_id, consent.partner, consent.purpose), consent)
    return current


def current_states(case: Case, statements: list[Consent] | None = None) -> list[Consent]:
    """The current statements of a case, ordered by person and purpose."""
    current = current_by_key(case, statements)
    return [current[key] for key in sorted(current, key=lambda k: (k[0] or 0, k[1], k[2]))]


def history(case: Case) -> list[Consent]:
    """Every statement of the case, newest first, with the persons and who recorded them."""
    found = Consent.objects.filter(case=case).select_related(
        "person__person__data_key", "person__person__centre", "recorded_by"
    ).order_by("-stated_at", "-pk")
    return _bound_to(found, case)


def withdrawn_since(referral: Referral) -> Consent | None:
    """For a referral that shares data: the statement that withdrew the consent it relied on, if any."""
    if not (referral.shares_data and referral.consent_id and referral.person_id):
        return None
    person = referral.person
    assert person is not None  # noqa: S101 - person_id checked above
    person.case = referral.case
    current = current_consent(person, ConsentPurpose.SHARE, referral.partner)
    if current is None or current.given:
        return None
    return current
