"""The registry of data categories: what is kept, for how long, and who deletes it.

Every category of personal data is a subclass of `DataCategory`, registered
once (in its app's `ready()`):

    class ClosedCases(DataCategory):
        name = "closed_cases"
        description = _("Closed cases: deleted 3 years after the end of the year they closed.")
        rule = AfterEndOfYear()
        default_days = 3 * 365
        per_centre = True                  # RetentionPolicy rows may override it per centre
        hold_object_type = "cases.case"    # a LegalHold on a case keeps it

        def due(self, run):
            return run.older_than(Case.objects.all(), "closed_at", centre_field="centre")

        def shred(self, due, run):
            return shred_rows(due)         # shredding.py: keys, files, rows

    register(ClosedCases())

The job (jobs.py) asks `due()` for the rows, takes out those under an active
legal hold, and hands the rest to `shred()`, which deletes them for real and
returns counts ({"removed": n, ...}). A category without a rule or shredder,
or holdable without `due()`, is refused at registration.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from beistand.retention.rules import RULES, Rule

if TYPE_CHECKING:
    from beistand.retention.jobs import Run

Counts = dict[str, int]
NAME = re.compile(r"^[a-z][a-z0-9_]{1,59}$")


class RegistrationError(Exception):
    """A category that does not fulfil the contract; raised at start-up, never at 3 a.m."""


class DataCategory:
    """One category of data with its retention rule, legal hold and shredder."""

    name: ClassVar[str] = ""
    description: ClassVar[str | Promise] = ""
    rule: ClassVar[Rule | None] = None
    # Used when settings.RETENTION_DEFAULTS names no period for this category.
    default_days: ClassVar[int | None] = None
    # No configuration may keep the data for less (e.g. the audit log's 30 days).
    minimum_days: ClassVar[int] = 0
    # Whether RetentionPolicy rows may set the period per centre.
    per_centre: ClassVar[bool] = False
    # The object type a LegalHold names to stop deletion ("cases.case"); "" = no holds apply.
    hold_object_type: ClassVar[str] = ""
    # The field of the due rows that holds the public id a LegalHold names.
    hold_id_field: ClassVar[str] = "public_id"

    def due(self, run: Run) -> QuerySet[Any] | None:
        """The rows that are due now, before legal holds; None: shred() finds them itself."""
        return None

    def shred(self, due: QuerySet[Any] | None, run: Run) -> Counts:
        """Deletes what is due for real (keys, rows, files, references); returns counts."""
        raise NotImplementedError

    def days(self, centre_days: int | None = None) -> int | None:
        """The period: a centre's own, else the installation's, else the category's default."""
        if centre_days is not None:
            return centre_days
        defaults: dict[str, int | None] = getattr(settings, "RETENTION_DEFAULTS", {})
        return defaults.get(self.name, self.default_days)


_categories: dict[str, DataCategory] = {}


def register(category: DataCategory) -> DataCategory:
    """Adds a category after checking its contract; RegistrationError says what is missing."""
    problems = contract_problems(category)
    if category.name in _categories and _categories[category.name] is not category:
        problems.append(f"the name {category.name!r} is already registered")
    if problems:
        label = category.name or type(category).__name__
        raise RegistrationError(f"data category {label}: " + "; ".join(problems))
    _categories[category.name] = category
    return category


def unregister(name: str) -> None:
    _categories.pop(name, None)


def categories() -> list[DataCategory]:
    return sorted(_categories.values(), key=lambda category: category.name)


def get(name: str) -> DataCategory:
    try:
        return _categories[name]
    except KeyError:
        raise LookupError(f"no data category {name!r}") from None


def contract_problems(category: DataCategory) -> list[str]:
    """Everything a category lacks; empty when it may be registered."""
    problems = []
    if not NAME.match(category.name or ""):
        problems.append("a name of lower-case letters, digits and _ is required")
    if not str(category.description or "").strip():
        problems.append("a description is required")
    if not isinstance(category.rule, RULES):
        problems.append("a retention rule (DaysAfter, AfterEndOfYear or OwnExpiry) is required")
    if type(category).shred is DataCategory.shred:
        problems.append("a shredder (shred()) is required")
    if category.hold_object_type and type(category).due is DataCategory.due:
        problems.append("a category that legal holds can stop must say what is due (due())")
    if category.per_centre and not (category.rule and category.rule.configurable):
        problems.append("a rule of the row's own expiry cannot be set per centre")
    if category.rule is not None and category.rule.configurable:
        days = category.days()
        if days is None:
            problems.append("a period (RETENTION_DEFAULTS or default_days) is required")
        elif days < category.minimum_days:
            problems.append(f"the default period {days} is below the minimum of {category.minimum_days} days")
    return problems


def validate_days(category: DataCategory, days: int) -> None:
    """Refuses a per-centre period the category does not allow; clear messages for the form."""
    if not category.per_centre:
        raise ValidationError(
            _("%(category)s is kept for the same period in every centre."),
            code="not_per_centre", params={"category": category.name},
        )
    if days < category.minimum_days:
        raise ValidationError(
            _("%(category)s must be kept for at least %(minimum)d days."),
            code="below_minimum", params={"category": category.name, "minimum": category.minimum_days},
        )
