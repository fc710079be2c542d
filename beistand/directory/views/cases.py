"""From a case to the directory and back: refer a person to an entry, and give them the details.

Both pages sit under the case's address and go through the case-work checks
(`case_view`: counsellors and the lead of the case's centre; high-protection
cases ask for the reason first). The entry must be readable for the user too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from beistand.cases import consents
from beistand.cases.actions import records as case_records
from beistand.cases.forms.work import ReferralForm, participants
from beistand.cases.models import Case, CasePerson, Referral
from beistand.cases.views.common import case_view
from beistand.cases.views.work import SaveRefused, record_form_page
from beistand.directory import access
from beistand.directory.cards import card_context, card_language
from beistand.directory.forms.other import CardForm
from beistand.directory.models import Service
from beistand.directory.search import with_details
from beistand.lib.http import AuthenticatedRequest


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


@case_view
def card(request: AuthenticatedRequest, case: Case, service_id: Any) -> HttpResponse:
    """A plain card with the entry's details in the person's language, to print or to send as text."""
    service = access.get_service(request.user, service_id)
    service = with_details(Service.objects.filter(pk=service.pk)).get()
    people = list(participants(case))
    choices = [(str(link.public_id), f"{link.person.pseudonym} ({link.get_role_display()})") for link in people]
    form = CardForm(request.GET or None, persons=choices)
    person = _chosen_person(form, people) or _referred_person(case, service, people)
    spoken = person.person.languages if person is not None else []
    card = card_context(service, card_language(form.chosen_language(), spoken))
    if not form.is_bound:
        initial = {"person": str(person.public_id) if person else "", "language": card["card_language"]}
        form = CardForm(initial=initial, persons=choices)
    return render(request, "directory/card.html", {"case": case, "form": form, "nav": "cases", **card})


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

