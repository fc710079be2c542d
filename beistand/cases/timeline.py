"""The case timeline: everything that happened in a case in one chronological view.

Built from the models directly, one query per kind of record whatever their
number, and only from plain columns: the timeline shows dates and kinds, never
notes or other encrypted text (those stay on the records' own pages), so
building it decrypts nothing and the page stays small.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beistand.cases.choices import (
    AccompanimentKind,
    ConsentPurpose,
    DatePrecision,
    DeadlineKind,
    DocumentKind,
    ReferralOutcome,
    ReferralPurpose,
    SessionMode,
)
from beistand.cases.models import Case, Hearing
from beistand.contact.models import Author, Message

# Stands in for a record's id while the URL pattern of a kind is reversed once.
_PLACEHOLDER = uuid.UUID(int=0)


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    kind: str  # incident, session, accompaniment, hearing, referral, deadline, consent, document, message
    title: str
    details: list[str] = field(default_factory=list)
    # How exactly the date is known (incidents may be known to the month or year only).
    precision: str = DatePrecision.DAY
    url: str = ""
    # Marks that the template highlights: outreach sessions, open or overdue deadlines.
    flags: tuple[str, ...] = ()
    # Orders entries of the same day (e.g. a consent's time); newest first.
    moment: datetime.datetime | None = None

    @property
    def sort_key(self) -> tuple[datetime.date, float]:
        return (self.day, self.moment.timestamp() if self.moment else 0.0)


def build(case: Case) -> list[Entry]:
    """All entries of the case, newest first."""
    entries: list[Entry] = []
    for source in SOURCES:
        entries += source(case)
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def label(choices: type[TextChoices], value: str) -> str:
    """The translated label of a stored code; an unknown code shows as itself, never an error."""
    return str(dict(choices.choices).get(value, value))


def record_url(name: str, case: Case, **kwargs: Any) -> Callable[[Any], str]:
    """A function giving the page of one record of a kind, or "" while that page does not exist.

    The records' pages belong to other parts of the app; the pattern is
    reversed once per kind, not once per entry.
    """
    try:
        pattern = reverse(f"cases:{name}", kwargs={"case_id": case.public_id, "record_id": _PLACEHOLDER})
    except NoReverseMatch:
        return lambda record_id: ""
    return lambda record_id: pattern.replace(str(_PLACEHOLDER), str(record_id))


# --- one function per kind of record, each a single query ----------------------------------


def incident_entries(case: Case) -> list[Entry]:
    url = record_url("incident_edit", case)
    rows = case.incidents.values("public_id", "occurred_on", "date_precision")
    return [
        Entry(row["occurred_on"], "incident", _("Incident"), precision=row["date_precision"],
              url=url(row["public_id"]))
        for row in rows
    ]


def session_entries(case: Case) -> list[Entry]:
    url = record_url("session_edit", case)
    rows = case.sessions.values("public_id", "held_on", "mode", "duration_minutes", "interpreter_used")
    return [
        Entry(
            row["held_on"], "session", _("Session"),
            details=session_details(row), url=url(row["public_id"]),
            flags=("outreach",) if row["mode"] in SessionMode.outreach() else (),
        )
        for row in rows
    ]


def session_details(row: Mapping[str, Any]) -> list[str]:
    details = [label(SessionMode, row["mode"]), _("%(minutes)s min") % {"minutes": row["duration_minutes"]}]
    if row["interpreter_used"]:
        details.append(_("with interpreter"))
    return details


def accompaniment_entries(case: Case) -> list[Entry]:
    url = record_url("accompaniment_edit", case)
    rows = case.accompaniments.values("public_id", "held_on", "kind")
    return [
        Entry(row["held_on"], "accompaniment", _("Accompaniment"),
              details=[label(AccompanimentKind, row["kind"])], url=url(row["public_id"]))
        for row in rows
    ]


def hearing_entries(case: Case) -> list[Entry]:
    url = record_url("proceeding_edit", case)
    rows = Hearing.objects.filter(proceeding__case=case).values(
        "held_on", "proceeding__public_id", "proceeding__court"
    )
    return [
        Entry(row["held_on"], "hearing", _("Court hearing"),
              details=[row["proceeding__court"]], url=url(row["proceeding__public_id"]))
        for row in rows
    ]


def referral_entries(case: Case) -> list[Entry]:
    url = record_url("referral_edit", case)
    rows = case.referrals.values("public_id", "referred_on", "purpose", "outcome")
    return [
        Entry(row["referred_on"], "referral", _("Referral"),
              details=[label(ReferralPurpose, row["purpose"]), label(ReferralOutcome, row["outcome"])],
              url=url(row["public_id"]))
        for row in rows
    ]


def deadline_entries(case: Case) -> list[Entry]:
    url = record_url("deadline_edit", case)
    today = timezone.localdate()
    rows = case.deadlines.values("public_id", "due_on", "kind", "done_at")
    return [
        Entry(row["due_on"], "deadline", _("Deadline"),
              details=[label(DeadlineKind, row["kind"]), deadline_state(row, today)],
              url=url(row["public_id"]), flags=deadline_flags(row, today))
        for row in rows
    ]


def deadline_state(row: Mapping[str, Any], today: datetime.date) -> str:
    if row["done_at"] is not None:
        return _("done")
    return _("overdue") if row["due_on"] < today else _("open")


def deadline_flags(row: Mapping[str, Any], today: datetime.date) -> tuple[str, ...]:
    if row["done_at"] is not None:
        return ("done",)
    return ("open", "overdue") if row["due_on"] < today else ("open",)


def consent_entries(case: Case) -> list[Entry]:
    rows = case.consents.values("stated_at", "purpose", "given")
    return [
        Entry(
            timezone.localdate(row["stated_at"]), "consent",
            _("Consent given") if row["given"] else _("Consent withdrawn"),
            details=[label(ConsentPurpose, row["purpose"])], moment=row["stated_at"],
        )
        for row in rows
    ]


def document_entries(case: Case) -> list[Entry]:
    rows = case.documents.values("created_at", "kind")
    return [
        Entry(timezone.localdate(row["created_at"]), "document", _("Document"),
              details=[label(DocumentKind, row["kind"])], moment=row["created_at"])
        for row in rows
    ]


def message_entries(case: Case) -> list[Entry]:
    """The messages of the anonymous conversations linked to the case: when, and from whom.

    One query for dates and directions; the messages themselves stay sealed
    (their content is read in the inbox, which audits each opening). Only
    conversations of the case's own centre are listed: one handed over to
    another centre is that centre's data now. Whoever may open the case works
    at its centre and so may open those conversations in the inbox, which is
    why every entry links there.
    """
    rows = (
        Message.objects.filter(conversation__case=case, conversation__centre_id=case.centre_id)
        .values("created_at", "author", "conversation__public_id", "conversation__reference")
    )
    url = conversation_url()
    return [message_entry(row, url(row["conversation__public_id"])) for row in rows]


def message_entry(row: Mapping[str, Any], url: str) -> Entry:
    from_person = row["author"] == Author.PERSON
    return Entry(
        timezone.localdate(row["created_at"]), "message",
        _("Message from the person") if from_person else _("Reply from the centre"),
        # The conversation's random reference tells several conversations apart; it says nothing of the person.
        details=[_("Conversation %(reference)s") % {"reference": row["conversation__reference"]}],
        url=url, moment=row["created_at"], flags=("from-person",) if from_person else ("reply",),
    )


def conversation_url() -> Callable[[Any], str]:
    """A function giving a conversation's page in the inbox; the pattern is reversed once."""
    pattern = reverse("inbox:detail", kwargs={"conversation_id": _PLACEHOLDER})
    return lambda conversation_id: pattern.replace(str(_PLACEHOLDER), str(conversation_id))


SOURCES: list[Callable[[Case], list[Entry]]] = [
    incident_entries, session_entries, accompaniment_entries, hearing_entries,
    referral_entries, deadline_entries, consent_entries, document_entries, message_entries,
]
