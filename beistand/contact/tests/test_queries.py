"""Figures for other pages: conversations waiting for an answer in the user's centres."""

from __future__ import annotations

import pytest

from beistand.cases.access import is_caseworker
from beistand.contact.actions.inbox import reply
from beistand.contact.queries import waiting_count
from beistand.contact.testing import make_conversation

pytestmark = pytest.mark.django_db


def test_waiting_counts_open_conversations_where_the_person_wrote_last(alice, lena, carol, kai, backup, rheinland):
    first, _ = make_conversation(backup)
    make_conversation(backup)
    make_conversation(rheinland)
    assert waiting_count(alice) == waiting_count(lena) == 2
    assert waiting_count(carol) == 1
    assert waiting_count(kai) == 0
    reply(alice, first, "Wir melden uns.")
    assert waiting_count(alice) == 1


def test_waiting_count_is_one_query(alice, backup, django_assert_num_queries):
    make_conversation(backup)
    assert is_caseworker(alice)  # as in a request: the caseworker check has loaded the roles
    with django_assert_num_queries(1):
        assert waiting_count(alice) == 1
