"""The routing snapshot: fresh after every change, bounded in memory, one query when warm."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from beistand.helpfinder import snapshot
from beistand.helpfinder.models import RoutingRule
from beistand.helpfinder.routing import Question, find_help
from beistand.helpfinder.testing import make_centre
from beistand.network.models import Centre, District, OpeningHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def unna(regions):
    return make_centre("unna-hilft", districts=("05978",), situations=("attack",))


def named(place: str = "05978") -> list[str]:
    district = District.objects.select_related("state", "administrative_region").get(ags=place)
    return [offer.centre.slug for offer in find_help(Question("attack"), [district]).offers]


def test_saves_in_this_process_are_seen_at_once(unna):
    assert named() == ["unna-hilft"]
    unna.is_published = False
    unna.save()
    assert named() == []
    unna.is_published = True
    unna.save()
    unna.districts.set([District.objects.get(ags="05913")])  # the area changes: now Dortmund
    assert named() == [] and named("05913") == ["unna-hilft"]
    OpeningHours.objects.create(centre=unna, weekday=2, opens="09:00", closes="11:00")
    hours = snapshot.current().entries[0].centre.opening_hours.all()
    assert [(h.weekday, f"{h.opens:%H:%M}") for h in hours] == [(2, "09:00")]


def test_a_change_in_another_process_is_seen_within_a_second(unna, monkeypatch):
    assert named() == ["unna-hilft"]
    # Another process unpublishes the centre: this process gets no signal, only the new stamp.
    Centre.objects.filter(pk=unna.pk).update(is_published=False)
    cache.set(snapshot.STAMP_KEY, "another-state", timeout=None)
    assert named() == ["unna-hilft"]  # read less than CHECK_EVERY ago
    monkeypatch.setattr(snapshot, "CHECK_EVERY", 0.0)
    assert named() == []


def test_changes_without_a_signal_are_seen_after_max_age(unna, monkeypatch):
    assert named() == ["unna-hilft"]
    RoutingRule.objects.filter(centre=unna).update(situation="exit")
    assert named() == ["unna-hilft"]
    monkeypatch.setattr(snapshot, "MAX_AGE", 0.0)
    assert named() == []


def test_a_lost_stamp_starts_a_new_state(unna, monkeypatch):
    first = snapshot.current()
    cache.delete(snapshot.STAMP_KEY)
    monkeypatch.setattr(snapshot, "CHECK_EVERY", 0.0)
    assert snapshot.current() is not first


def test_warm_routing_costs_no_query(unna, django_assert_max_num_queries):
    named()
    district = District.objects.select_related("state", "administrative_region").get(ags="05978")
    with django_assert_max_num_queries(0):
        find_help(Question("attack"), [district])


def test_the_remembered_lookups_are_bounded(unna, monkeypatch):
    monkeypatch.setattr(snapshot, "MAX_LOOKUPS", 2)
    data = snapshot.current()
    for text in ("44137", "59423", "Unna"):
        assert data.lookup(text).found
    assert list(data._lookups) == ["59423", "Unna"]
    assert not data.lookup("Geheimweiler").found  # answered, never kept
    assert list(data._lookups) == ["59423", "Unna"]
