""""My week", the notices on it and on the start page, and marking notices read."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beistand.cases.choices import CaseStatus, DeadlineKind, ProtectionLevel
from beistand.cases.deadlines import week_of
from beistand.cases.models import Deadline, Notice, NoticeKind
from beistand.cases.notices import notify
from beistand.cases.testing import make_case
from beistand.cases.tests.test_care_helpers import post, url

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def deadline(case, due_on, title, **fields) -> Deadline:
    made = Deadline(case=case, kind=DeadlineKind.TASK, due_on=due_on, title=title, **fields)
    made.save()
    return made


def test_my_week_shows_my_overdue_and_this_weeks_deadlines_only(backup, rheinland, alice, bob, carol, client_for):
    sunday = week_of(TODAY())[1]
    mine = make_case(backup, assigned=[alice])
    bobs = make_case(backup, assigned=[bob])
    bobs_protected = make_case(backup, assigned=[bob], protection_level=ProtectionLevel.HIGH)
    foreign = make_case(rheinland, assigned=[carol])
    deadline(mine, TODAY() - 3 * DAY, "Markerueberfaellig")
    deadline(mine, sunday, "Markersonntag")
    deadline(bobs, TODAY(), "Markerfuermich", assigned_to=alice)
    deadline(mine, sunday + DAY, "Markernaechstewoche")
    deadline(mine, TODAY(), "Markererledigt", done_at=timezone.now())
    deadline(bobs, TODAY(), "Markerbobs")
    deadline(bobs_protected, TODAY(), "Markergeschuetzt", assigned_to=alice)
    deadline(foreign, TODAY(), "Markerfremd", assigned_to=alice)
    closed = make_case(backup, assigned=[alice], status=CaseStatus.CLOSED, closed_on=TODAY())
    deadline(closed, TODAY(), "Markergeschlossen")

    response = client_for(alice).get(url("cases:my_week"))
    page = response.content.decode()
    assert [d.title for d in response.context["overdue"]] == ["Markerueberfaellig"]
    assert [d.title for d in response.context["this_week"]] == ["Markerfuermich", "Markersonntag"]
    for hidden in ("Markernaechstewoche", "Markererledigt", "Markerbobs", "Markergeschuetzt", "Markerfremd",
                   "Markergeschlossen"):
        assert hidden not in page
    assert mine.reference in page and bobs.reference in page


def test_unread_notices_are_listed_and_can_be_marked_read(backup, alice, bob, client_for):
    case = make_case(backup, assigned=[alice])
    Notice.objects.all().delete()  # creating the case left an assignment notice
    unread = notify(alice, NoticeKind.DEADLINE_DUE, case, due_on=TODAY())
    already = notify(alice, NoticeKind.CASE_ASSIGNED, case)
    already.read_at = timezone.now()
    already.save()
    bobs = notify(bob, NoticeKind.DEADLINE_DUE, case, due_on=TODAY())
    client = client_for(alice)

    response = client.get(url("cases:my_week"))
    assert response.context["notices"] == [unread]
    assert url("cases:notice_read", unread.public_id) in response.content.decode()

    response = post(client, url("cases:notice_read", unread.public_id), {"next": url("cases:my_week")})
    assert response["Location"] == url("cases:my_week")
    unread.refresh_from_db()
    assert unread.read_at is not None
    # Somebody else's notice is what a missing one is: 404, and it stays unread.
    assert post(client, url("cases:notice_read", bobs.public_id)).status_code == 404
    bobs.refresh_from_db()
    assert bobs.read_at is None
    assert client.get(url("cases:notice_read", unread.public_id)).status_code == 405


def test_cases_without_contact_for_n_weeks(backup, alice, bob, client_for):
    long_ago = TODAY() - datetime.timedelta(weeks=10)
    quiet = make_case(backup, assigned=[alice], opened_on=long_ago, last_contact_on=TODAY() - datetime.timedelta(weeks=5))
    never = make_case(backup, assigned=[alice], opened_on=long_ago)
    recent = make_case(backup, assigned=[alice], opened_on=long_ago, last_contact_on=TODAY() - 10 * DAY)
    make_case(backup, assigned=[alice])  # opened today, no contact yet: not quiet
    make_case(backup, assigned=[alice], opened_on=long_ago, status=CaseStatus.CLOSED, closed_on=TODAY())
    make_case(backup, assigned=[bob], opened_on=long_ago)  # not hers
    client = client_for(alice)

    default = client.get(url("cases:my_week")).context
    assert (default["weeks"], default["quiet_cases"], default["quiet_count"]) == (4, [never, quiet], 2)
    one_week = client.get(url("cases:my_week"), {"weeks": "1"}).context
    assert one_week["quiet_cases"] == [never, quiet, recent]


@pytest.mark.parametrize("weeks", ["0", "53", "vier", "-1"])
def test_a_bad_number_of_weeks_is_explained_and_the_default_used(backup, alice, client_for, weeks):
    response = client_for(alice).get(url("cases:my_week"), {"weeks": weeks})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["weeks"] == 4
    assert 'class="error-summary"' in page and 'href="#id_weeks"' in page
    assert f'value="{weeks}"' in page


def test_my_week_costs_the_same_queries_for_many_cases(backup, alice, client_for, django_assert_max_num_queries):
    client = client_for(alice)
    old = TODAY() - datetime.timedelta(weeks=20)

    def fill(count: int) -> None:
        for _number in range(count):
            case = make_case(backup, assigned=[alice], opened_on=old)
            deadline(case, TODAY() - DAY, "Markeralt")
            deadline(case, TODAY(), "Markerheute")
            notify(alice, NoticeKind.DEADLINE_DUE, case, due_on=TODAY())

    fill(1)
    client.get(url("cases:my_week"))
    with CaptureQueriesContext(connection) as one_case:
        client.get(url("cases:my_week"))
    fill(6)
    with django_assert_max_num_queries(len(one_case.captured_queries)):
        response = client.get(url("cases:my_week"))
    assert len(response.context["overdue"]) == 7 and len(response.context["quiet_cases"]) == 7


def test_the_start_page_shows_notices_and_the_week_to_caseworkers_only(backup, alice, kai, client_for):
    case = make_case(backup, assigned=[alice])
    deadline(case, TODAY() - DAY, "x")
    notice = notify(alice, NoticeKind.DEADLINE_DUE, case, due_on=TODAY())
    response = client_for(alice).get(url("workspace:home"))
    page = response.content.decode()
    assert response.context["week"] == {"overdue": 1, "this_week": 0}
    assert notice in response.context["notices"]
    assert case.reference in page and url("cases:my_week") in page
    assert url("cases:notice_read", notice.public_id) in page

    coordinator = client_for(kai).get(url("workspace:home"))
    assert "week" not in coordinator.context and url("cases:my_week") not in coordinator.content.decode()


def test_my_week_counts_the_conversations_waiting_for_an_answer(backup, rheinland, alice, client_for):
    from beistand.contact.testing import make_conversation

    make_conversation(backup)
    make_conversation(rheinland)  # another centre's
    response = client_for(alice).get(url("cases:my_week"))
    assert response.context["waiting_messages"] == 1
    assert url("inbox:list") in response.content.decode()
