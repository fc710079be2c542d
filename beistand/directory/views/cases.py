"""From a case to the directory and back: refer a person to an entry, and give them the details.

Both pages sit under the case's address and go through the case-work checks
(`case_view`: counsellors and the lead of the case's centre; high-protection
cases ask for the reason first). The entry must be readable for the user too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beistand.cases import consents
from beistand.cases.actions import records as case_records
from beistand.cases.forms.work import ReferralForm, participants
from beistand.cases.models import Case, CasePerson, Referral
from beistand.cases.views.common import case_view
from beistand.cases.views.work import SaveRefused, record_form_page
from beistand.directory import access
from beistand.directory.choices import WEEKDAY_CODES, Weekday
from beistand.directory.forms.other import CardForm
from beistand.directory.models import Location, Schedule, Service
from beistand.directory.search import all_schedules, with_details
from beistand.directory.validation import tel_uri
from beistand.lib.context_processors import HTML_LANG
from beistand.lib.http import AuthenticatedRequest

CARD_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@case_view
def refer(request: AuthenticatedRequest, case: Case, service_id: Any) -> HttpResponse:
    """The referral form of the case, filled in from the entry; saved, it goes on to the card."""
    service = access.get_service(request.user, service_id)
    referral = Referral(case=case)

    def save(form: ReferralForm) -> Referral:
        try:
            return case_records.save_referral(request.user, case, form)
        except consents.ConsentMissing as missing:
            form.add_error("shares_data", missing.user_message())
            raise SaveRefused from missing

    return record_form_page(
        request, case,
        build=lambda data: [ReferralForm(data, instance=referral, case=case, user=request.user, entry=service)],
        save=save,
        template="cases/records/referral_form.html",
        saved_message=_("The referral was saved."),
        extra={"entry": service, "withdrawn": None},
        next_url=reverse("directory:card", args=[case.public_id, service.public_id]),
    )


@dataclass
class DayHours:
    label: Any  # a lazy weekday name: translated where the card is rendered
    periods: list[str]


def opening_hours(schedules: list[Schedule]) -> list[DayHours]:
    by_day: dict[str, list[Schedule]] = {}
    for schedule in schedules:
        for day in schedule.days:
            by_day.setdefault(day, []).append(schedule)
    return [
        DayHours(Weekday(day).label, [f"{s.opens_at:%H:%M}–{s.closes_at:%H:%M}" for s in sorted(by_day[day], key=_opens)])
        for day in WEEKDAY_CODES if day in by_day
    ]


def _opens(schedule: Schedule) -> Any:
    return schedule.opens_at


@case_view
def card(request: AuthenticatedRequest, case: Case, service_id: Any) -> HttpResponse:
    """A plain card with the entry's details in the person's language, to print or to send as text."""
    service = access.get_service(request.user, service_id)
    service = with_details(Service.objects.filter(pk=service.pk)).get()
    people = list(participants(case))
    choices = [(str(link.public_id), f"{link.person.pseudonym} ({link.get_role_display()})") for link in people]
    form = CardForm(request.GET or None, persons=choices)
    person = _chosen_person(form, people) or _referred_person(case, service, people)
    language = _card_language(form, person)
    card = card_context(service, language)
    with translation.override(language):
        text = render_to_string("directory/card.txt", card)
    if not form.is_bound:
        form = CardForm(initial={"person": str(person.public_id) if person else "", "language": language}, persons=choices)
    return render(request, "directory/card.html", {
        "case": case, "form": form, "text": text, "nav": "cases", **card,
    })


def card_context(service: Service, language: str) -> dict[str, Any]:
    locations: list[Location] = [link.location for link in service.at_locations.all()]
    info = translation.get_language_info(language)
    return {
        "service": service,
        "locations": locations,
        "addresses": [address for location in locations for address in location.addresses.all()],
        "phones": [(phone, tel_uri(phone.number)) for phone in service.phones.all()],
        "hours": opening_hours(all_schedules(service)),
        "card_language": language,
        "card_html_lang": HTML_LANG.get(language, language),
        "card_bidi": info["bidi"],
        "card_language_name": info["name_local"],
        "card_is_german": language in ("de", "de-ls"),
    }


def _chosen_person(form: CardForm, people: list[CasePerson]) -> CasePerson | None:
    if not form.is_bound or not form.is_valid():
        return None
    chosen = form.cleaned_data.get("person")
    return next((link for link in people if str(link.public_id) == chosen), None)


def _referred_person(case: Case, service: Service, people: list[CasePerson]) -> CasePerson | None:
    """The person of the latest referral of this case to this entry."""
    person_id = (
        Referral.objects.filter(case=case, directory_entry=service, person__isnull=False)
        .order_by("-referred_on", "-pk").values_list("person_id", flat=True).first()
    )
    return next((link for link in people if link.pk == person_id), None)


def _card_language(form: CardForm, person: CasePerson | None) -> str:
    if form.is_bound and form.is_valid() and form.cleaned_data.get("language"):
        return str(form.cleaned_data["language"])
    spoken = person.person.languages if person is not None else []
    return next((code for code in spoken if code in CARD_LANGUAGES), translation.get_language() or "de")
