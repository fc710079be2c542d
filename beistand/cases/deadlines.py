"""Legal deadlines: when a deadline of a given kind falls due, computed from its event.

- Claim under the AGG: 2 months from the event (§15(4) AGG for work, §21(5) AGG
  for goods and services).
- Criminal complaint for an offence prosecuted only on request: 3 months (§77b
  StGB). The period runs from the day the person learnt of the act and the
  perpetrator; the form asks for that day as the event.
- End of the police removal order: the end of the tenth day after the order
  (§34a(5) PolG NRW). An extension (until the family court decides, at most ten
  more days) is a new date the counsellor states on the case.
- Court hearing: the hearing day itself.
- Task: no rule; the counsellor states the date.

Periods in months end as §188(2),(3) BGB says: on the day of the last month
whose number matches the event's day; where that month is shorter, on its last
day (31 January + 1 month -> 28/29 February). A period ending on a weekend or a
public holiday is NOT moved to the next working day here (§193 BGB applies to
some of these periods and not to others): the date shown is the earliest one,
which is the safe one to work towards.
"""

from __future__ import annotations

import calendar
import datetime

from beistand.cases.choices import DeadlineKind

# Months per kind of deadline that runs in months; days for the one in days.
MONTHS: dict[str, int] = {DeadlineKind.AGG_CLAIM: 2, DeadlineKind.CRIMINAL_COMPLAINT: 3}
DAYS: dict[str, int] = {DeadlineKind.REMOVAL_ORDER_END: 10}
# Reminders come at most this many days ahead (the form's bound; the reminder task relies on it).
MAX_REMIND_DAYS = 60
# Kinds whose event cannot lie in the future: the act, the deployment.
PAST_EVENTS: set[str] = {DeadlineKind.AGG_CLAIM, DeadlineKind.CRIMINAL_COMPLAINT, DeadlineKind.REMOVAL_ORDER_END}


class OutOfRange(ValueError):
    """The computed date would lie outside the calendar Python can represent."""


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The end of a period of `months` months from `start` (§188(2),(3) BGB)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise OutOfRange(f"{months} months from {start.isoformat()} is out of range")
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


def is_computed(kind: str) -> bool:
    """Whether the law gives the due date (every kind except the free task)."""
    return kind != DeadlineKind.TASK


def due_date(kind: str, event_on: datetime.date) -> datetime.date:
    """The due date of a deadline of `kind` whose event was (or is) on `event_on`.

    Raises ValueError for a task (its date is stated, not computed) and
    OutOfRange when the result would not fit the calendar.
    """
    if kind in MONTHS:
        return add_months(event_on, MONTHS[kind])
    if kind in DAYS:
        try:
            return event_on + datetime.timedelta(days=DAYS[kind])
        except OverflowError as overflow:
            raise OutOfRange(f"{DAYS[kind]} days from {event_on.isoformat()} is out of range") from overflow
    if kind == DeadlineKind.HEARING:
        return event_on
    raise ValueError(f"deadlines of kind {kind!r} have no computed due date")


def removal_order_deployment(ends_on: datetime.date) -> datetime.date:
    """The deployment day that a recorded end of the removal order implies (for prefilling)."""
    return ends_on - datetime.timedelta(days=DAYS[DeadlineKind.REMOVAL_ORDER_END])


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the ISO week that holds `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)
