"""Checks the entry form and the HSDS import share: phone numbers, markup, opening hours, coordinates.

Each check answers with a message that can be shown as it is (in the
language of the request), never with an exception the user would see.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from beistand.directory.choices import Weekday
from beistand.directory.geo import in_germany

# Characters people put into phone numbers: 0231/12 34-5, +49 (0)231 123 45, 0231.12345.
PHONE_SEPARATORS = re.compile(r"[\s/().\-\u2010-\u2015]+")
PHONE_DIGITS = re.compile(r"^\+?\d{3,20}$")
# A tag, a comment or a character reference: descriptions are plain text.
MARKUP = re.compile(r"<\s*[a-zA-Z!/][^>]*>|&[a-zA-Z]+;|&#\d+;")
DAY_CODES = [day.value for day in Weekday]


def clean_phone(text: str) -> tuple[str, str]:
    """(the number as typed, tidied up; "" or a message why it is not a phone number)."""
    shown = " ".join(text.split())
    if not shown:
        return "", _("Enter a phone number.")
    digits = PHONE_SEPARATORS.sub("", shown.replace("(0)", ""))
    if not PHONE_DIGITS.fullmatch(digits):
        return shown, _("“%(number)s” is not a phone number: use digits, spaces and + ( ) / - only.") % {
            "number": shown[:40]
        }
    return shown, ""


def tel_uri(number: str) -> str:
    """A tel: address in international form (German numbers assumed): 0231 12345 → tel:+4923112345."""
    digits = PHONE_SEPARATORS.sub("", number.replace("(0)", ""))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    return f"tel:{digits}"


def markup_in(text: str) -> str:
    """The first piece of markup in the text ("" if none): descriptions are shown as plain text."""
    found = MARKUP.search(text or "")
    return found.group(0)[:40] if found else ""


def coordinates_problem(latitude: float | None, longitude: float | None) -> str:
    if latitude is None and longitude is None:
        return ""
    if latitude is None or longitude is None:
        return _("Give both latitude and longitude, or neither.")
    if not in_germany(latitude, longitude):
        return _("The coordinates %(lat)s, %(lon)s lie outside Germany.") % {"lat": latitude, "lon": longitude}
    return ""


@dataclass(frozen=True)
class Hours:
    """One weekly period: day codes, opening and closing time."""

    days: tuple[str, ...]
    opens: datetime.time
    closes: datetime.time


def parse_days(text: str) -> tuple[tuple[str, ...], str]:
    """ "MO,TU" → (("MO", "TU"), ""); unknown codes give a message."""
    days = tuple(part.strip().upper() for part in text.split(",") if part.strip())
    unknown = [day for day in days if day not in DAY_CODES]
    if unknown:
        return days, _("Unknown weekday code(s): %(codes)s (use MO, TU, WE, TH, FR, SA, SU).") % {
            "codes": ", ".join(unknown)
        }
    return days, ""


def overlapping_hours(periods: Iterable[Hours]) -> str:
    """A message naming the first two periods that overlap on the same weekday ("" if none)."""
    by_day: dict[str, list[Hours]] = {}
    for period in periods:
        for day in period.days:
            by_day.setdefault(day, []).append(period)
    for day in DAY_CODES:
        ordered = sorted(by_day.get(day, []), key=lambda period: period.opens)
        for earlier, later in itertools.pairwise(ordered):
            if later.opens < earlier.closes:
                return _("Opening hours overlap on %(day)s: %(first)s and %(second)s.") % {
                    "day": Weekday(day).label,
                    "first": f"{earlier.opens:%H:%M}–{earlier.closes:%H:%M}",
                    "second": f"{later.opens:%H:%M}–{later.closes:%H:%M}",
                }
    return ""
