"""The case timeline: one chronological view of everything recorded, without the notes, in few queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beistand.cases import timeline
from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import (
    AccompanimentKind,
    ConsentForm,
    ConsentPurpose,
    DatePrecision,
    DeadlineKind,
    DocumentKind,
    ProceedingRole,
    ReferralPurpose,
    SessionMode,
)
from beistand.cases.models import (
    Accompaniment,
    Consent,
    CounsellingSession,
    CourtProceeding,
    Deadline,
    Document,
    Hearing,
    Incident,
    Referral,
)
from beistand.cases.testing import make_case
from beistand.keys.models import DataKey, Purpose

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def session(case, days: int, mode: str = SessionMode.OFFICE, note: str | None = None) -> CounsellingSession:
    row = CounsellingSession(case=case, held_on=days_ago(days), duration_minutes=45, mode=mode, note=note)
    row.save()
    return row


def incident(case, days: int, precision: str = DatePrecision.DAY) -> Incident:
    row = Incident(centre=case.centre, occurred_on=days_ago(days), date_precision=precision,
                   description="Beschreibungsmarker", data_key=DataKey.create(Purpose.INCIDENT, case.centre))
    row.save()
    row.cases.add(case)
    return row


def document(case, number: int = 0) -> Document:
    row = Document(case=case, data_key_id=case.data_key_id, kind=DocumentKind.LETTER,
                   original_name=f"brief-{number}.txt", content_type="text/plain", size=1)
    row.file.save("letter.txt", ContentFile(b"x"), save=True)
    return row


def test_everything_in_one_view_newest_first(backup, alice, media):
    case = make_case(backup, assigned=[alice])
    link = add_new_person(case, pseudonym="Zeitleiste")
    incident(case, 40, DatePrecision.MONTH)
    session(case, 30, SessionMode.OUTREACH_HOME, note="Notizmarker")
    Accompaniment(case=case, kind=AccompanimentKind.COURT, held_on=days_ago(20), travel_cost=Decimal("12.50")).save()
    proceeding = CourtProceeding(case=case, court="Amtsgericht Dortmund", role=ProceedingRole.JOINT_PLAINTIFF)
    proceeding.save()
    Hearing.objects.create(proceeding=proceeding, held_on=TODAY + datetime.timedelta(days=30))
    Referral(case=case, referred_on=days_ago(10), purpose=ReferralPurpose.LEGAL, partner="Kanzlei").save()
    Deadline(case=case, kind=DeadlineKind.CRIMINAL_COMPLAINT, due_on=days_ago(2)).save()
    Deadline(case=case, kind=DeadlineKind.TASK, due_on=days_ago(5), done_at=timezone.now()).save()
    Consent(case=case, person=link, purpose=ConsentPurpose.STATISTICS, given=True, form=ConsentForm.SPOKEN,
            language="de", text_version="1", stated_at=timezone.now() - datetime.timedelta(days=1)).save()
    document(case)

    entries = timeline.build(case)
    assert [entry.kind for entry in entries] == [
        "hearing", "document", "consent", "deadline", "deadline", "referral", "accompaniment", "session", "incident",
    ]
    days = [entry.day for entry in entries]
    assert days == sorted(days, reverse=True)
    kinds = {entry.kind for entry in entries}
    assert kinds == {"incident", "session", "accompaniment", "hearing", "referral", "deadline", "consent", "document"}
    by_kind = {entry.kind: entry for entry in entries}
    assert by_kind["session"].flags == ("outreach",)
    assert by_kind["incident"].precision == DatePrecision.MONTH
    assert by_kind["hearing"].details == ["Amtsgericht Dortmund"]
    overdue = [entry for entry in entries if entry.kind == "deadline" and "overdue" in entry.flags]
    assert len(overdue) == 1 and "done" in [flag for entry in entries for flag in entry.flags]
    assert entries[0].kind == "hearing"  # in the future: on top
    assert entries[-1].kind == "incident"


def test_the_page_shows_dates_and_kinds_but_never_notes(client_for, backup, alice):
    case = make_case(backup, assigned=[alice])
    session(case, 3, SessionMode.OUTREACH_PLACE, note="Notizmarker")
    incident(case, 400, DatePrecision.YEAR)
    response = client_for(alice).get(reverse("cases:case_detail", args=[case.public_id]))
    timeline_html = response.text.split('id="timeline-title"', 1)[1]
    assert "Session" in timeline_html and "Outreach" in timeline_html
    assert str(days_ago(400).year) in timeline_html
    assert "Notizmarker" not in response.text
    assert "Beschreibungsmarker" not in response.text


def test_the_timeline_decrypts_nothing_and_costs_one_query_per_kind(backup, alice):
    case = make_case(backup, assigned=[alice])
    for number in range(30):
        session(case, number, note="Notiz")
    with CaptureQueriesContext(connection) as captured:
        entries = timeline.build(case)
    assert len(entries) == 30
    assert len(captured.captured_queries) == 9  # one per kind of record, messages included
    assert not any("note" in query["sql"] for query in captured.captured_queries)


def page_queries(client, case) -> list[str]:
    """The statements of one case page (without the test transaction's SAVEPOINT/RELEASE)."""
    url = reverse("cases:case_detail", args=[case.public_id])
    client.get(url)  # the first opening of the session caches what it may
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def filled_case(centre, alice, *, sessions: int, incidents: int, documents: int):
    case = make_case(centre, assigned=[alice])
    add_new_person(case, pseudonym="Viele Einträge")
    CounsellingSession.objects.bulk_create(
        CounsellingSession(case=case, data_key_id=case.data_key_id, held_on=days_ago(number % 365),
                           duration_minutes=60, mode=SessionMode.PHONE)
        for number in range(sessions)
    )
    for number in range(incidents):
        incident(case, number)
    for number in range(documents):
        document(case, number)
    return case


def test_a_large_case_opens_with_a_bounded_number_of_queries(client_for, backup, alice, media):
    client = client_for(alice)
    # Given a small case and one with 200 sessions, 20 incidents and 50 documents
    small = page_queries(client, filled_case(backup, alice, sessions=1, incidents=1, documents=1))
    large_case = filled_case(backup, alice, sessions=200, incidents=20, documents=50)
    large = page_queries(client, large_case)
    # Then both pages need the same number of queries, and few: the request's own (session, user,
    # second factor, role check, the case, its audit events), the header, the persons, the timeline's
    # one query per kind of record, and the sections of the other parts of the case page.
    assert len(large) == len(small), "\n".join(large)
    assert len(large) <= 32, "\n".join(large)
    response = client.get(reverse("cases:case_detail", args=[large_case.public_id]))
    assert response.text.count('class="timeline-entry') == 270
