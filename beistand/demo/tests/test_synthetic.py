"""Synthetic data: deterministic for a seed, encrypted like real cases, distributed like the statistics."""

from __future__ import annotations

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from beistand.accounts.models import Membership, Role, User
from beistand.audit.models import Action, AuditEvent
from beistand.cases.choices import AccessChannel, CaseKind, CaseStatus, ProtectionLevel
from beistand.cases.models import (
    Accompaniment,
    Case,
    CasePerson,
    Consent,
    CounsellingSession,
    Deadline,
    Incident,
    Person,
    Referral,
)
from beistand.cases.testing import make_case
from beistand.contact.models import Conversation, Message
from beistand.contact.sealing import CentreOpener
from beistand.demo.synthetic import SyntheticRefused, generate
from beistand.demo.synthetic.centres import STAFF_DOMAIN
from beistand.demo.synthetic.texts import PERSON_MESSAGES
from beistand.keys.models import Purpose
from beistand.keys.testing import database_holds
from beistand.network.choices import CentreType
from beistand.network.models import Centre

pytestmark = pytest.mark.django_db

RECORDS = (CounsellingSession, Accompaniment, Referral, Consent, Deadline)


def profile(centre: Centre) -> dict:
    """What a run made in one centre, as far as a seed decides it (not keys or public ids)."""
    cases = Case.objects.filter(centre=centre)
    incidents = Incident.objects.filter(centre=centre)
    persons = Person.objects.filter(centre=centre).select_related("data_key__centre", "centre")
    return {
        "cases": sorted(cases.values_list("opened_on", "kind", "status", "closed_on", "district_id")),
        "rows": {model.__name__: model.objects.filter(case__centre=centre).count() for model in RECORDS},
        "messages": list(Message.objects.filter(conversation__centre=centre)
                         .order_by("conversation__case__opened_on", "conversation__case__reference", "created_at", "pk")
                         .values_list("author", "created_at")),
        "motives": Counter(Incident.motives.through.objects.filter(incident__in=incidents)
                           .values_list("code__code", flat=True)),
        "offences": Counter(incidents.values_list("offence__code", flat=True)),
        "persons": sorted((person.pseudonym, person.age_band, person.gender) for person in persons),
        "notes": sorted(note_lengths(centre)),
    }


def note_lengths(centre: Centre) -> list[int]:
    sessions = CounsellingSession.objects.filter(case__centre=centre).select_related("data_key", "case__centre")
    return [len(session.note) for session in sessions]


def test_the_same_seed_gives_the_same_cases(backup, rheinland):
    generate(seed=7, cases=40, centre=backup.slug)
    generate(seed=7, cases=40, centre=rheinland.slug)
    first, second = profile(backup), profile(rheinland)
    assert first == second
    assert len(first["cases"]) == 40 and first["rows"]["CounsellingSession"] > 40


def test_another_seed_gives_other_cases(backup, rheinland):
    generate(seed=7, cases=40, centre=backup.slug)
    generate(seed=8, cases=40, centre=rheinland.slug)
    assert profile(backup)["persons"] != profile(rheinland)["persons"]


def test_every_text_is_stored_encrypted(backup):
    generate(seed=3, cases=30, centre=backup.slug)
    texts = stored_texts(backup)
    assert len(texts) > 100
    assert [text for text in texts if database_holds(text)] == []
    # The search itself works: a reference is plain text on purpose, and it is found.
    assert database_holds(Case.objects.filter(centre=backup).first().reference)


def stored_texts(centre: Centre) -> list[str]:
    """Plain values of the encrypted fields, read back through the models (which decrypt)."""
    texts = []
    for case in Case.objects.filter(centre=centre).select_related("data_key", "centre"):
        texts += [case.title, case.needs, case.safety_plan]
        for session in case.sessions.all():
            session.case = case
            texts.append(session.note)
        for referral in case.referrals.all():
            referral.case = case
            texts.append(referral.partner)
    for person in Person.objects.filter(centre=centre).select_related("data_key", "centre"):
        texts += [person.pseudonym, person.name, (person.contact or {}).get("phone")]
    for incident in Incident.objects.filter(centre=centre).select_related("data_key", "centre"):
        texts += [incident.exact_place, incident.description]
    return [text for text in texts if text]


def test_online_cases_began_as_conversations_the_centre_can_read(backup):
    generate(seed=21, cases=150, centre=backup.slug)
    online = Case.objects.filter(centre=backup, access_channel=AccessChannel.ONLINE)
    assert online.exists()
    assert set(Conversation.objects.filter(centre=backup).values_list("case_id", flat=True)) == set(
        online.values_list("pk", flat=True)
    )
    opener = CentreOpener()
    conversation = Conversation.objects.filter(centre=backup).select_related("data_key", "centre").first()
    texts = []
    for message in conversation.messages.select_related("key_pair__centre", "data_key__centre"):
        message.conversation = conversation
        payload = opener.open_payload(message.key_pair, message.for_centre, conversation.context)
        assert ("centre" in payload) == (message.author == "centre")
        texts.append(payload["text"])
    assert texts[0] in PERSON_MESSAGES and len(texts) >= 2
    # Sealed twice (HPKE, then the conversation's data key): the text is nowhere in plain.
    assert [text for text in texts if database_holds(text)] == []


def test_distributions_follow_the_published_statistics(backup):
    generate(seed=11, cases=400, centre=backup.slug)
    incidents = Incident.objects.filter(centre=backup)
    motives = Counter(Incident.motives.through.objects.filter(incident__in=incidents)
                      .values_list("code__code", flat=True))
    total = incidents.count()
    # About half racist (NRW 2024: 267 of 526), then political opponents, antisemitism, LGBTIQ*-hostility.
    assert 0.4 < motives["racism"] / total < 0.62
    ranking = [code for code, _ in motives.most_common(4)]
    assert ranking[0] == "racism"
    assert set(ranking[1:]) <= {"political_opponents", "antisemitism", "queer_hostility", "non_right"}
    # Most attacks are bodily harm or threats.
    offences = Counter(incidents.values_list("offence__code", flat=True))
    harm_or_threat = offences["bodily_harm"] + offences["dangerous_bodily_harm"] + offences["coercion_threat"]
    assert harm_or_threat / total > 0.8
    # Every Kreis is one of NRW's; the big cities come first.
    districts = Counter(Case.objects.filter(centre=backup).values_list("district__ags", flat=True))
    assert all(ags.startswith("05") for ags in districts)
    # A sixth of the directly affected are minors (2023: 585 of 3,384).
    ages = Counter(CasePerson.objects.filter(case__centre=backup, role="affected").values_list("person__age_band", flat=True))
    assert 0.08 < (ages["child"] + ages["youth"]) / sum(ages.values()) < 0.28


def test_cases_are_made_as_the_workspace_makes_them(backup):
    generate(seed=5, cases=50, centre=backup.slug)
    for case in Case.objects.filter(centre=backup).select_related("data_key"):
        assert case.data_key.purpose == Purpose.CASE and case.data_key.centre_id == backup.pk
        assert re.fullmatch(rf"{backup.reference_prefix}-{case.opened_on.year}-\d{{4,}}", case.reference)
        assert case.assigned.count() >= 1
        if case.status == CaseStatus.CLOSED:
            assert case.closed_on >= case.opened_on and case.deletion_due_on > case.closed_on
            assert case.closure_reason and case.closure_outcome
    # Records inside a case are sealed with the case's key; persons and incidents have their own.
    for model in RECORDS:
        assert not model.objects.filter(case__centre=backup).exclude(data_key=F("case__data_key")).exists()
    assert set(Person.objects.filter(centre=backup).values_list("data_key__purpose", flat=True)) == {Purpose.PERSON}
    assert set(Incident.objects.filter(centre=backup).values_list("data_key__purpose", flat=True)) == {Purpose.INCIDENT}
    # The centre's counter went on: a case made by hand now gets the next number, not a taken one.
    by_hand = make_case(backup)
    assert Case.objects.filter(centre=backup, reference=by_hand.reference).count() == 1


def test_every_row_passes_the_models_own_validation(backup):
    generate(seed=9, cases=30, centre=backup.slug)
    for case in Case.objects.filter(centre=backup).select_related("data_key", "centre"):
        case.full_clean()
        for session in case.sessions.all():
            session.case = case
            session.full_clean()
    for incident in Incident.objects.filter(centre=backup).select_related("data_key", "centre"):
        incident.full_clean()


def test_referrals_that_share_data_rely_on_the_persons_consent(backup):
    generate(seed=13, cases=120, centre=backup.slug)
    sharing = Referral.objects.filter(case__centre=backup, shares_data=True).select_related("consent", "case__data_key", "case__centre")
    assert sharing.exists()
    for referral in sharing:
        assert referral.consent is not None and referral.consent.given
        assert referral.consent.person_id == referral.person_id
        referral.consent.case = referral.case
        assert referral.consent.partner == referral.partner


def test_exit_cases_are_highly_protected_with_two_counsellors(carrier):
    comeback = Centre.objects.create(slug="comeback", name="ComeBack", type=CentreType.EXIT_COUNSELLING, organisation=carrier)
    generate(seed=2, cases=12, centre=comeback.slug)
    cases = Case.objects.filter(centre=comeback)
    assert set(cases.values_list("kind", "protection_level")) == {(CaseKind.EXIT, ProtectionLevel.HIGH)}
    assert all(case.assigned.count() == 2 for case in cases)
    assert not Incident.objects.filter(centre=comeback).exists()


def test_every_object_made_leaves_a_creation_event_without_content(backup):
    generate(seed=4, cases=20, centre=backup.slug)
    events = AuditEvent.objects.filter(action=Action.CREATE, centre_id=backup.public_id)
    created = Counter(events.values_list("object_type", flat=True))
    assert created["cases.case"] == 20
    assert created["cases.person"] == Person.objects.filter(centre=backup).count()
    assert created["cases.counsellingsession"] == CounsellingSession.objects.filter(case__centre=backup).count()
    assert set(events.values_list("actor_role", flat=True)) == {"system"}
    assert set(events.values_list("object_id", flat=True)) >= {str(case.public_id) for case in Case.objects.all()}
    assert events.exclude(fields=[]).count() == 0


def test_synthetic_centres_and_staff_are_made_once(db):
    call_command("generate_synthetic", "--seed", "1", "--cases", "30", "--centres", "2", stdout=StringIO(), stderr=StringIO())
    call_command("generate_synthetic", "--seed", "2", "--cases", "30", "--centres", "2", stdout=StringIO(), stderr=StringIO())
    centres = Centre.objects.filter(slug__startswith="synthetic-")
    assert centres.count() == 2 and not centres.filter(is_published=True).exists()
    assert Case.objects.filter(centre__in=centres).count() == 60
    staff = User.objects.filter(email__endswith=STAFF_DOMAIN)
    assert staff.count() == Membership.objects.filter(user__in=staff).count() == 2 * 4  # 3 counsellors + 1 lead each
    assert Membership.objects.filter(user__in=staff, role=Role.LEAD).count() == 2
    # They exist to own cases: no password, no second factor, so nobody signs in with them.
    assert not any(user.has_usable_password() for user in staff)


def test_the_command_reports_what_it_made(backup):
    out, err = StringIO(), StringIO()
    call_command("generate_synthetic", "--cases", "10", "--centre", "backup", stdout=out, stderr=err)
    assert "backup: 10 cases" in out.getvalue() and "cases.Case: 10 rows" in out.getvalue()
    assert "10/10 cases" in err.getvalue()


def test_refused_where_the_demo_is_not_allowed(backup, settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="never generated in production"):
        call_command("generate_synthetic", "--cases", "5", "--centre", "backup")
    with pytest.raises(SyntheticRefused):
        generate(seed=1, cases=5, centre="backup")
    assert not Case.objects.exists()


def test_an_unknown_or_caseless_centre_is_a_clear_error(lks):
    with pytest.raises(CommandError, match="no centre 'nowhere'"):
        call_command("generate_synthetic", "--cases", "5", "--centre", "nowhere")
    with pytest.raises(CommandError, match="does no case work"):
        call_command("generate_synthetic", "--cases", "5", "--centre", lks.slug)
    assert not Case.objects.exists()
