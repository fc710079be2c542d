"""Who helps with what, where: the one routing code behind the pages, the JSON API and the
coverage report.

A centre is named for a question when it has a routing rule for the situation
that applies to the asker (who they are, the language they asked for) and its
service area reaches the place: the Kreis itself, its Regierungsbezirk, its Land
or the whole country. Nationwide help lines are listed on their own, after the
centres: those with a rule for the situation, or all of them when none has one. A person who would rather not say where they are
gets the offers for a whole Land or the whole country.

The routing reads the process's snapshot of the rules and areas
(`snapshot.py`), so a query costs no query beyond the snapshot's freshness check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from django.utils.translation import gettext as _

from beistand.helpfinder import snapshot as snapshots
from beistand.helpfinder.choices import CHANNELS_FOR_CONTACT, Contact, Priority, Who
from beistand.helpfinder.snapshot import Area, Entry, Snapshot
from beistand.network.choices import COUNSELLING_LANGUAGES, CentreType, Weekday
from beistand.network.forms.fields import district_label
from beistand.network.models import Centre, District

LANGUAGE_NAMES = dict(COUNSELLING_LANGUAGES)
TYPE_LABELS = dict(CentreType.choices)
WEEKDAYS = dict(Weekday.choices)
# Help lines without a rule for the situation come after those with one.
NO_RULE = max(Priority) + 1


class Level(IntEnum):
    """How closely a centre's service area fits the place; smaller fits closer."""

    DISTRICT = 0
    REGION = 1
    STATE = 2
    NATIONWIDE = 3


def level_for(area: Area, district: District) -> Level | None:
    """How the area reaches the Kreis, or None when it does not."""
    if district.pk in area.districts:
        return Level.DISTRICT
    if district.administrative_region_id is not None and district.administrative_region_id in area.regions:
        return Level.REGION
    if district.state_id in area.states:
        return Level.STATE
    return Level.NATIONWIDE if area.nationwide else None


@dataclass(frozen=True)
class Question:
    """What the person told the help finder. Empty strings: not answered."""

    situation: str
    who: str = ""
    language: str = ""
    contact: str = ""


@dataclass
class Offer:
    """One centre in an answer, with the reasons in plain words."""

    centre: Centre
    reasons: list[str]
    level: Level
    priority: int
    # A language was asked for that the centre does not list (the page suggests asking anyway).
    language_missing: bool = False
    fits_contact: bool = True

    @property
    def accepts_anonymous(self) -> bool:
        return self.centre.offers("anonymous")

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS.get(self.centre.type, self.centre.type))

    def opening_hours(self) -> list[tuple[str, str]]:
        """(weekday, "10:00–16:00") per row, from the prefetched rows; cheaper here than in the template."""
        return [(str(WEEKDAYS[row.weekday]), f"{row.opens:%H:%M}\N{EN DASH}{row.closes:%H:%M}")
                for row in self.centre.opening_hours.all()]

    def sort_key(self) -> tuple:
        return (self.priority, self.level, self.language_missing, not self.fits_contact, self.centre.name)


@dataclass
class Answer:
    question: Question
    # The Kreise the answer is for, most likely first; None: the person did not say.
    districts: list[District] | None
    offers: list[Offer] = field(default_factory=list)
    helplines: list[Offer] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.offers)


def find_help(question: Question, districts: Sequence[District] | None,
              snapshot: Snapshot | None = None) -> Answer:
    """The centres responsible for the question at the place, then the nationwide help lines."""
    data = snapshot or snapshots.current()
    places = list(districts) if districts is not None else None
    entries = [entry for entry in data.entries_for(question.situation)
               if entry.rule.applies_to(question.who, question.language)]
    for_lines = {entry.centre.pk: entry for entry in entries if is_nationwide_helpline(entry.centre)}
    offers = [offer for entry in entries if entry.centre.pk not in for_lines
              and (offer := _offer(entry, question, places, data)) is not None]
    helplines = [_helpline(line, for_lines[line.pk], question) for line in data.helplines if line.pk in for_lines]
    if not helplines:  # none for this situation: every nationwide line, nobody leaves empty-handed
        helplines = [_helpline(line, None, question) for line in data.helplines]
    return Answer(
        question=question,
        districts=places,
        offers=sorted(offers, key=Offer.sort_key),
        helplines=sorted(helplines, key=Offer.sort_key),
    )


def is_nationwide_helpline(centre: Centre) -> bool:
    """Nationwide help lines answer everywhere; the help finder lists them apart from the centres."""
    return centre.type == CentreType.HELPLINE and centre.nationwide


def responsible(entries: Iterable[Entry], district: District) -> list[tuple[Entry, Level]]:
    """The entries whose centre answers in the Kreis, in the order the help finder names them
    to someone who said nothing but the place (the coverage report's view)."""
    reaching = [(entry, level) for entry in entries
                if not is_nationwide_helpline(entry.centre)
                and (level := level_for(entry.area, district)) is not None]
    return sorted(reaching, key=lambda pair: (pair[0].rule.priority, pair[1], pair[0].centre.name))


# --- one centre in the answer ------------------------------------------------------------


def _offer(entry: Entry, question: Question, districts: list[District] | None, data: Snapshot) -> Offer | None:
    if districts is None:
        found = _without_place(entry.area, data)
    else:
        match = best_match(entry.area, districts)
        found = (match[0], area_reason(*match)) if match is not None else None
    if found is None:
        return None
    level, reason = found
    return _made(entry.centre, entry.rule.priority, question, level, reason)


def best_match(area: Area, districts: Iterable[District]) -> tuple[Level, District] | None:
    """The closest fit over the Kreise of the place, the most likely Kreis first on a tie."""
    matches = [(level, index, district) for index, district in enumerate(districts)
               if (level := level_for(area, district)) is not None]
    if not matches:
        return None
    level, _index, district = min(matches, key=lambda match: (match[0], match[1]))
    return level, district


def _without_place(area: Area, data: Snapshot) -> tuple[Level, str] | None:
    """Without a place, only Land-wide and nationwide offers answer."""
    if area.nationwide:
        return Level.NATIONWIDE, _("Available nationwide")
    if area.states:
        states = ", ".join(sorted(data.state_names[pk] for pk in area.states))
        return Level.STATE, _("Responsible for all of %(state)s") % {"state": states}
    return None


def area_reason(level: Level, district: District) -> str:
    if level == Level.DISTRICT:
        return _("Responsible for %(place)s") % {"place": district_label(district)}
    if level == Level.REGION and district.administrative_region is not None:
        return _("Responsible for %(place)s and the whole administrative district of %(region)s") % {
            "place": district_label(district), "region": district.administrative_region.name,
        }
    if level == Level.STATE:
        return _("Responsible for all of %(state)s") % {"state": district.state.name}
    return _("Available nationwide")


def _helpline(line: Centre, entry: Entry | None, question: Question) -> Offer:
    priority = entry.rule.priority if entry is not None else NO_RULE
    return _made(line, priority, question, Level.NATIONWIDE, _("Available nationwide"))


def _made(centre: Centre, priority: int, question: Question, level: Level, reason: str) -> Offer:
    offer = Offer(centre, [reason, *asker_reasons(centre, question)], level, priority)
    offer.language_missing = bool(question.language) and question.language not in centre.languages
    offer.fits_contact = not question.contact or _fits_contact(centre, question.contact)
    return offer


# --- reasons from the person's answers ----------------------------------------------------

WHO_REASONS: dict[str, Callable[[], str]] = {
    Who.WITNESSES: lambda: _("Counsels witnesses too"),
    Who.RELATIVES: lambda: _("Counsels relatives and friends too"),
    Who.PROFESSIONALS: lambda: _("Advises professionals"),
}

CONTACT_REASONS: dict[str, Callable[[], str]] = {
    Contact.PHONE: lambda: _("Reachable by phone"),
    Contact.IN_PERSON: lambda: _("Meets you in person"),
    Contact.VIDEO: lambda: _("Offers video calls"),
    Contact.EMAIL: lambda: _("Answers e-mails"),
    Contact.CHAT: lambda: _("Offers a chat"),
    Contact.ANONYMOUS: lambda: _("You can write anonymously"),
}


def asker_reasons(centre: Centre, question: Question) -> list[str]:
    reasons = []
    if question.who in WHO_REASONS and question.who in centre.target_groups:
        reasons.append(WHO_REASONS[question.who]())
    if question.language and question.language in centre.languages:
        reasons.append(_("Counsels in %(language)s") % {"language": LANGUAGE_NAMES[question.language]})
    if centre.offers("outreach") and question.contact in ("", Contact.IN_PERSON):
        reasons.append(_("Comes to you"))
    elif question.contact in CONTACT_REASONS and _fits_contact(centre, question.contact):
        reasons.append(CONTACT_REASONS[question.contact]())
    return reasons


def _fits_contact(centre: Centre, contact: str) -> bool:
    return any(centre.offers(channel) for channel in CHANNELS_FOR_CONTACT.get(contact, ()))
