"""The card: an entry's details for the person, in their language, as a page part and as text.

The same card comes from a case (`views/cases.py`) and from a conversation of the
inbox (`views/conversations.py`). Its labels are public strings (the person reads
them): the templates live under `templates/directory/public/`. The entry's own
texts (name, address, directions) stay German, and the card says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from beistand.directory.choices import WEEKDAY_CODES, Weekday
from beistand.directory.models import Location, Schedule, Service
from beistand.directory.search import all_schedules
from beistand.directory.validation import tel_uri
from beistand.lib.context_processors import HTML_LANG

CARD_LANGUAGES = {code for code, _name in settings.LANGUAGES}
TEXT_TEMPLATE = "directory/public/card.txt"


@dataclass
class DayHours:
    day: str  # the iCalendar code, "MO"
    periods: list[str]

    @property
    def label(self) -> Any:
        """The weekday's name, lazy: translated where the card is rendered."""
        return Weekday(self.day).label


def opening_hours(schedules: Iterable[Schedule]) -> list[DayHours]:
    """The weekly hours by weekday, Monday first, each day's periods in order."""
    by_day: dict[str, list[Schedule]] = {}
    for schedule in schedules:
        for day in schedule.days:
            by_day.setdefault(day, []).append(schedule)
    return [
        DayHours(day, [f"{s.opens_at:%H:%M}–{s.closes_at:%H:%M}" for s in sorted(by_day[day], key=_opens)])
        for day in WEEKDAY_CODES if day in by_day
    ]


def _opens(schedule: Schedule) -> Any:
    return schedule.opens_at


def card_language(chosen: str, spoken: Iterable[str]) -> str:
    """The language chosen on the page, else the first the person speaks that the interface speaks,
    else the page's own."""
    if chosen in CARD_LANGUAGES:
        return chosen
    return next((code for code in spoken if code in CARD_LANGUAGES), translation.get_language() or "de")


def card_context(service: Service, language: str) -> dict[str, Any]:
    """What the card templates show; `service` comes loaded by `search.with_details`."""
    locations: list[Location] = [link.location for link in service.at_locations.all()]
    info = translation.get_language_info(language)
    card = {
        "service": service,
        "locations": locations,
        "addresses": [address for location in locations for address in location.addresses.all()],
        # The card keeps the address (the person needs it); the counsellor's page says it is confidential.
        "confidential_address": any(location.address_is_confidential for location in locations),
        "phones": [(phone, tel_uri(phone.number)) for phone in service.phones.all()],
        "hours": opening_hours(all_schedules(service)),
        "card_language": language,
        "card_html_lang": HTML_LANG.get(language, language),
        "card_bidi": info["bidi"],
        "card_language_name": info["name_local"],
        "card_is_german": language in ("de", "de-ls"),
    }
    with translation.override(language):
        card["text"] = render_to_string(TEXT_TEMPLATE, card)
    return card
