"""The case list: what a row shows, filters, search by reference or pseudonym, pages, query count."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import CaseKind, CaseStatus, DeadlineKind, ProtectionLevel
from beistand.cases.models import Code, Deadline, Incident
from beistand.cases.testing import make_case
from beistand.keys.models import DataKey, Purpose
from beistand.keys.testing import database_holds
from beistand.network.models import District

pytestmark = pytest.mark.django_db

LIST = "/en/staff/cases/"
TODAY = timezone.localdate()
ROW = re.compile(r'<th scope="row"><a href="/en/staff/cases/[0-9a-f-]+/">([A-Z]+-\d{4}-\d{4})</a>')


def post(client, url: str, data: dict, **kwargs):
    client.get(reverse("workspace:home"))  # sets the CSRF cookie
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["beistand_csrf"].value}, **kwargs)


def listed(response) -> set[str]:
    """The references of the cases on the page."""
    assert response.status_code == 200
    return set(ROW.findall(response.text))


def deadline(case, days: int, *, done: bool = False) -> Deadline:
    row = Deadline(case=case, kind=DeadlineKind.TASK, due_on=TODAY + datetime.timedelta(days=days),
                   done_at=timezone.now() if done else None)
    row.save()
    return row


def incident_with_motive(case, code: str) -> Incident:
    incident = Incident(centre=case.centre, occurred_on=TODAY, data_key=DataKey.create(Purpose.INCIDENT, case.centre))
    incident.save()
    incident.cases.add(case)
    incident.motives.add(Code.objects.get(code=code, code_list__scheme="motive", code_list__is_current=True))
    return incident


def test_a_row_shows_what_the_counsellor_needs(client_for, alice, bob, backup):
    case = make_case(backup, assigned=[alice, bob], kind=CaseKind.DOMESTIC_VIOLENCE)
    add_new_person(case, pseudonym="Rosa Blau")
    add_new_person(case, pseudonym="Tom Grün")
    deadline(case, 12)
    deadline(case, 3)
    deadline(case, 1, done=True)
    response = client_for(alice).get(LIST)
    assert listed(response) == {case.reference}
    row = response.text.split(case.reference, 1)[1].split("</tr>", 1)[0]
    assert "Rosa Blau, Tom Grün" in row
    assert "Alice, Bob" in row
    assert str(CaseKind.DOMESTIC_VIOLENCE.label) in row
    assert (TODAY + datetime.timedelta(days=3)).isoformat() in row  # the next open deadline


def test_the_list_shows_only_visible_cases(client_for, alice, bob, carol, backup, rheinland):
    normal = make_case(backup, assigned=[alice])
    high = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    other_centre = make_case(rheinland)
    assert listed(client_for(alice).get(LIST)) == {normal.reference, high.reference}
    assert listed(client_for(bob).get(LIST)) == {normal.reference}
    assert listed(client_for(carol).get(LIST)) == {other_centre.reference}


def test_filters_by_status_kind_and_counsellor(client_for, alice, bob, lena, backup):
    mine = make_case(backup, assigned=[alice])
    bobs = make_case(backup, assigned=[bob], kind=CaseKind.FIRST_CONTACT, status=CaseStatus.ACTIVE)
    bobs_exit = make_case(backup, assigned=[bob, lena], kind=CaseKind.EXIT)
    nobodys = make_case(backup, status=CaseStatus.DORMANT)
    client = client_for(alice)
    assert listed(client.get(LIST, {"status": "active"})) == {bobs.reference}
    assert listed(client.get(LIST, {"kind": CaseKind.EXIT})) == set()  # exit cases are high: not Alice's
    assert listed(client.get(LIST, {"kind": CaseKind.VICTIM_COUNSELLING})) == {mine.reference, nobodys.reference}
    assert listed(client.get(LIST, {"mine": "on"})) == {mine.reference}
    assert listed(client.get(LIST, {"mine": "on", "status": "active"})) == set()
    assert listed(client_for(bob).get(LIST, {"mine": "on"})) == {bobs.reference, bobs_exit.reference}
    assert listed(client_for(bob).get(LIST, {"kind": CaseKind.EXIT})) == {bobs_exit.reference}


def test_filters_by_due_deadline(client_for, alice, backup):
    due, later, done, overdue = (make_case(backup) for _ in range(4))
    deadline(due, 7)
    deadline(later, 8)
    deadline(done, 2, done=True)
    deadline(overdue, -3)
    assert listed(client_for(alice).get(LIST, {"due": "on"})) == {due.reference, overdue.reference}


def test_filters_by_district_and_motive(client_for, alice, backup):
    dortmund = District.objects.get(ags="05913")
    in_dortmund = make_case(backup, district=dortmund)
    racist = make_case(backup)
    incident_with_motive(racist, "racism")
    incident_with_motive(in_dortmund, "antisemitism")
    client = client_for(alice)
    page = client.get(LIST)
    assert '<option value="05913">Dortmund</option>' in page.text
    assert listed(client.get(LIST, {"district": "05913"})) == {in_dortmund.reference}
    assert listed(client.get(LIST, {"motive": "racism"})) == {racist.reference}
    assert listed(client.get(LIST, {"motive": "racism", "district": "05913"})) == set()



def test_the_district_choices_name_only_districts_of_visible_cases(client_for, alice, bob, backup, rheinland):
    # A Kreis in the filter tells where a case is: a case Bob may not open must not add one.
    dortmund, essen, koeln = (District.objects.get(ags=ags) for ags in ("05913", "05113", "05315"))
    make_case(backup, district=dortmund)
    make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH, district=essen)
    make_case(rheinland, district=koeln)

    def offered(client) -> set[str]:
        select = client.get(LIST).text.split('name="district"', 1)[1].split("</select>", 1)[0]
        return set(re.findall(r'<option value="(\d+)"', select))

    assert offered(client_for(alice)) == {"05913", "05113"}
    assert offered(client_for(bob)) == {"05913"}

def test_an_invalid_filter_is_explained_and_ignored(client_for, alice, backup):
    case = make_case(backup)
    response = client_for(alice).get(LIST, {"status": "nonsense", "size": "1000", "page": "abc"})
    assert listed(response) == {case.reference}
    assert "Select a valid choice" in response.text or "gültige Auswahl" in response.text


def test_search_by_reference_ignores_case(client_for, alice, backup):
    wanted, _other = make_case(backup), make_case(backup)
    response = post(client_for(alice), LIST, {"q": f"  {wanted.reference.lower()} "})
    assert listed(response) == {wanted.reference}


def test_search_by_exact_pseudonym_through_the_blind_index(client_for, alice, backup, rheinland):
    wanted, other = make_case(backup), make_case(backup)
    add_new_person(wanted, pseudonym="Rosa Blau")
    add_new_person(other, pseudonym="Rosa Blaustein")
    add_new_person(make_case(rheinland), pseudonym="Rosa Blau")  # another centre's person
    client = client_for(alice)
    response = post(client, LIST, {"q": "  rosa   BLAU "})
    assert listed(response) == {wanted.reference}
    # Sent by POST: the typed pseudonym is in no address.
    assert response.request["QUERY_STRING"] == "" and "Rosa" not in response.request["PATH_INFO"]
    assert listed(post(client, LIST, {"q": "Rosa"})) == set()
    assert "must be typed exactly" in post(client, LIST, {"q": "Rosa"}).text
    # What was searched is kept nowhere (session, audit log, cache: all in the database).
    post(client, LIST, {"q": "Suchbegriffmarker"})
    assert not database_holds("Suchbegriffmarker")
    assert not database_holds("Rosa Blau")


def test_pages_of_25_50_and_100(client_for, alice, backup):
    cases = [make_case(backup) for _ in range(30)]
    client = client_for(alice)
    first = client.get(LIST)
    assert len(listed(first)) == 25 and "Cases 1 to 25" in first.text
    second = post(client, LIST, {"page": "2", "size": "25"})
    assert len(listed(second)) == 5 and "Cases 26 to 30" in second.text
    assert listed(first) | listed(second) == {case.reference for case in cases}
    everything = client.get(LIST, {"size": "50"})
    assert len(listed(everything)) == 30 and "30 cases" in everything.text
    assert 'name="page"' not in everything.text
    # Pages keep the filters: the pager buttons submit the filter form.
    assert 'form="case-filters" name="page" value="2"' in first.text


def test_htmx_gets_the_results_only(client_for, alice, backup):
    case = make_case(backup)
    response = client_for(alice).get(LIST, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<div id="case-results">')
    assert case.reference in response.text
    assert response["Vary"].count("HX-Request") == 1


AUDIT_INSERT = 'INSERT INTO "audit_auditevent"'


def queries_of(request) -> list[str]:
    """The SQL statements a request runs, counted as the database sees them in production:

    - without SAVEPOINT/RELEASE, which only the test's surrounding transaction causes
      (the session is saved on every request, in autocommit in production);
    - the audit log's one bulk insert of the decryptions counted once, though SQLite's
      limit on query parameters splits it into several INSERTs beyond ~100 rows.
    """
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    statements: list[str] = []
    for sql in (query["sql"] for query in captured.captured_queries):
        if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            continue
        if sql.startswith(AUDIT_INSERT) and statements and statements[-1].startswith(AUDIT_INSERT):
            continue
        statements.append(sql)
    return statements


def test_the_list_page_makes_at_most_10_queries_whatever_the_page_size(client_for, alice, bob, lena, backup):
    dortmund = District.objects.get(ags="05913")
    for number in range(60):
        case = make_case(backup, assigned=[alice, bob] if number % 2 else [lena], district=dortmund)
        for person in range(3):
            add_new_person(case, pseudonym=f"Person {number}-{person}")
        deadline(case, number % 10)
        incident_with_motive(case, "racism")
    client = client_for(alice)
    client.get(LIST)  # the session's first request caches the audit role
    counts = {}
    for size in (25, 100):
        statements = queries_of(lambda size=size: client.get(LIST, {"size": size, "motive": "racism"}))
        counts[size] = len(statements)
        assert len(statements) <= 10, "\n".join(statements)
    assert counts[25] == counts[100]
    page = client.get(LIST, {"size": 100})
    assert len(listed(page)) == 60 and "Person 59-2" in page.text and "Person 0-0" in page.text
    token = client.cookies["beistand_csrf"].value
    search = queries_of(lambda: client.post(LIST, {"q": "person 7-1", "size": 100, "csrfmiddlewaretoken": token}))
    assert len(search) <= 10
