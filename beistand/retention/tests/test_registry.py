"""The contract every data category must fulfil, checked when it registers."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from beistand.retention import registry
from beistand.retention.models import RetentionPolicy
from beistand.retention.registry import DataCategory, RegistrationError, register
from beistand.retention.rules import AfterEndOfYear, DaysAfter, OwnExpiry


class Complete(DataCategory):
    name = "complete"
    description = "rows of a test"
    rule = DaysAfter()
    default_days = 10

    def due(self, run):
        return None

    def shred(self, due, run):
        return {"removed": 0}


def test_the_categories_that_exist_today_are_registered():
    names = [category.name for category in registry.categories()]
    assert names == [
        "audit_events", "cache_entries", "closed_cases", "inactive_conversations", "staff_sessions", "task_results",
    ]


@pytest.mark.parametrize("category", registry.categories(), ids=lambda category: category.name)
def test_every_registered_category_fulfils_the_contract(category):
    assert registry.contract_problems(category) == []


def test_a_complete_category_registers(registered):
    assert registered(Complete()) is registry.get("complete")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"rule": None}, "a retention rule"),
        ({"name": ""}, "a name"),
        ({"name": "Closed Cases"}, "a name"),
        ({"description": ""}, "a description"),
        ({"default_days": None}, "a period"),
        ({"minimum_days": 30}, "below the minimum of 30 days"),
        ({"rule": OwnExpiry(), "per_centre": True}, "cannot be set per centre"),
    ],
)
def test_an_incomplete_category_is_refused(changes, problem):
    broken = type("Broken", (Complete,), changes)
    with pytest.raises(RegistrationError, match=problem):
        register(broken())
    assert "complete" not in [category.name for category in registry.categories()]


def test_a_category_without_a_shredder_is_refused():
    class NoShredder(DataCategory):
        name = "no_shredder"
        description = "x"
        rule = DaysAfter()
        default_days = 1

    with pytest.raises(RegistrationError, match=r"a shredder \(shred\(\)\) is required"):
        register(NoShredder())


def test_a_holdable_category_must_say_what_is_due():
    class HoldableBlind(DataCategory):
        name = "holdable_blind"
        description = "x"
        rule = DaysAfter()
        default_days = 1
        hold_object_type = "cases.case"

        def shred(self, due, run):
            return {"removed": 0}

    with pytest.raises(RegistrationError, match="must say what is due"):
        register(HoldableBlind())


def test_a_name_is_registered_once(registered):
    registered(Complete())
    with pytest.raises(RegistrationError, match="already registered"):
        register(Complete())


def test_the_installation_default_comes_from_settings(settings):
    settings.RETENTION_DEFAULTS = {**settings.RETENTION_DEFAULTS, "task_results": 3}
    assert registry.get("task_results").days() == 3
    assert registry.get("task_results").days(centre_days=40) == 40


# --- Per-centre periods ------------------------------------------------------------------

class PerCentre(Complete):
    name = "per_centre"
    per_centre = True
    minimum_days = 30
    default_days = 60


@pytest.mark.django_db
def test_a_centre_may_set_its_own_period(registered, backup):
    registered(PerCentre())
    policy = RetentionPolicy.objects.create(centre=backup, category="per_centre", days=45)
    assert policy.days == 45


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "days", "message"),
    [
        ("per_centre", 29, "per_centre must be kept for at least 30 days."),
        ("audit_events", 365, "audit_events is kept for the same period in every centre."),
        ("closed_casez", 365, "There is no such data category."),
    ],
)
def test_a_period_the_category_does_not_allow_is_refused(registered, backup, category, days, message):
    registered(PerCentre())
    # The messages are read in English, the source language.
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            RetentionPolicy.objects.create(centre=backup, category=category, days=days)
        assert message in str(refused.value)
    assert not RetentionPolicy.objects.exists()


# --- Rules --------------------------------------------------------------------------------

def local(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_closed_cases_rule_three_years_after_the_end_of_the_closing_year():
    rule, three_years = AfterEndOfYear(), 3 * 365
    closed = local(2021, 12, 31, 23, 0)
    assert not closed < rule.cutoff(local(2024, 12, 31, 23, 59), three_years)
    assert closed < rule.cutoff(local(2025, 1, 1, 0, 1), three_years)
    assert not local(2022, 1, 1, 0, 1) < rule.cutoff(local(2025, 6, 1), three_years)


def test_days_and_own_expiry_rules():
    now = local(2025, 3, 10)
    assert DaysAfter().cutoff(now, 90) == local(2024, 12, 10)
    assert OwnExpiry().cutoff(now, None) == now
