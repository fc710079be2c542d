"""The demo referral directory: invented example entries for the NRW cities of the demo network.

Every entry is fictional and marked as such three times: the name ends in
"(Beispiel)", it carries the feature term "Beispieleintrag", and its contact
data are placeholders (phone numbers of the form 0231 000000-x, e-mail and web
addresses under example.org). Places are real postcodes; street names are
ordinary ones, not real practices. The two shelters have invented streets
("Beispielweg") and confidential addresses, to show that the help finder and the
open API leave them out.

`load_demo_directory()` is idempotent: every row has an id derived from a
fixed key, so loading twice updates instead of adding. Entries belong to the
demo state network (maintained by its coordinators) and, where a centre of
the demo network is near, are maintained by that centre; if the demo network
is not loaded, the entries are simply public.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from beistand.directory.actions import postcode_centroid
from beistand.directory.choices import EXAMPLE_ENTRY, Visibility
from beistand.directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from beistand.network.models import Centre, Network

DEMO_NAMESPACE = uuid.UUID("0f5a3a40-8f1e-4a55-9a79-3d2c51c0de11")
STATE_NETWORK = "landesnetzwerk-nrw"


def demo_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, "/".join(parts))


@dataclass(frozen=True)
class City:
    key: str
    name: str
    area_code: str
    postcodes: tuple[str, ...]
    centre: str  # the demo centre that maintains entries here


CITIES = {
    "dortmund": City("dortmund", "Dortmund", "0231", ("44137", "44135", "44139", "44145"), "backup"),
    "bochum": City("bochum", "Bochum", "0234", ("44787", "44789", "44791"), "backup"),
    "muenster": City("muenster", "Münster", "0251", ("48143", "48145", "48149"), "backup"),
    "bielefeld": City("bielefeld", "Bielefeld", "0521", ("33602", "33604", "33607"), "backup"),
    "duesseldorf": City("duesseldorf", "Düsseldorf", "0211", ("40210", "40211", "40215"), "opferberatung-rheinland"),
    "koeln": City("koeln", "Köln", "0221", ("50667", "50668", "50672", "50823"), "opferberatung-rheinland"),
}

OFFICE_HOURS = (("MO,TU,TH", "09:00", "13:00"), ("WE", "14:00", "18:00"))
PRACTICE_HOURS = (("MO,TU,WE,TH,FR", "08:00", "12:00"), ("MO,TU,TH", "14:00", "18:00"))
COUNSELLING_HOURS = (("MO,WE", "10:00", "16:00"), ("FR", "10:00", "13:00"))


@dataclass(frozen=True)
class Entry:
    key: str
    city: str
    kind: str  # picks the template below
    provider: str
    street: str
    languages: tuple[str, ...]
    needs: tuple[str, ...]
    features: tuple[str, ...] = ()
    visibility: str = Visibility.PUBLIC
    verified_days_ago: int = 60
    postcode_index: int = 0
    hours: tuple[tuple[str, str, str], ...] = PRACTICE_HOURS
    language_notes: dict[str, str] = field(default_factory=dict)
    address_is_confidential: bool = False


KINDS: dict[str, dict[str, str]] = {
    "psychotherapy": {
        "name": "Psychotherapie {languages_de}",
        "description": "Psychotherapeutische Praxis mit Erfahrung in der Behandlung von Traumafolgen nach Gewalt und Diskriminierung. Erstgespräch innerhalb von vier Wochen.",
        "application": "Termin telefonisch vereinbaren; Überweisung nicht nötig.",
        "fees": "Abrechnung über die Krankenkasse.",
    },
    "trauma": {
        "name": "Traumaambulanz {city} (Beispiel)",
        "description": "Schnelle psychotherapeutische Hilfe nach Gewalttaten (Traumaambulanz nach SGB XIV).",
        "application": "Anmeldung telefonisch, auch ohne Antrag auf Opferentschädigung.",
        "fees": "Kostenlos für Betroffene von Gewalttaten.",
    },
    "lawyer_criminal": {
        "name": "Strafrecht und Nebenklage",
        "description": "Kanzlei mit Schwerpunkt Vertretung von Verletzten im Strafverfahren, auch Nebenklage bei rassistischen und antisemitischen Angriffen.",
        "application": "Erstberatung nach Terminvereinbarung; Beratungshilfeschein möglich.",
        "fees": "Beratungshilfe und Prozesskostenhilfe werden beantragt.",
    },
    "lawyer_migration": {
        "name": "Asyl- und Aufenthaltsrecht",
        "description": "Beratung und Vertretung im Asyl- und Aufenthaltsrecht, auch bei Fragen nach einer Gewalttat.",
        "application": "Offene Sprechstunde mittwochs, sonst nach Vereinbarung.",
        "fees": "Erstberatung kostenlos, danach nach RVG.",
    },
    "lawyer_agg": {
        "name": "Antidiskriminierungsrecht",
        "description": "Ansprüche nach dem AGG, Beschwerden und Klagen bei Diskriminierung in Arbeit, Wohnen und Alltag.",
        "application": "Bitte Fristen beachten: Ansprüche nach dem AGG innerhalb von zwei Monaten geltend machen.",
        "fees": "Erstberatung kostenlos.",
    },
    "forensic": {
        "name": "Gewaltopferambulanz {city} (Beispiel)",
        "description": "Rechtsmedizinische, gerichtsfeste Dokumentation von Verletzungen, auch ohne Anzeige.",
        "application": "Möglichst bald nach der Tat; Termin telefonisch, in dringenden Fällen am selben Tag.",
        "fees": "Kostenlos.",
    },
    "interpreting": {
        "name": "Dolmetschdienst {city} (Beispiel)",
        "description": "Vermittlung von Sprachmittlerinnen und Sprachmittlern für Beratung, Arzt- und Behördentermine.",
        "application": "Anfrage mindestens drei Werktage vorher.",
        "fees": "Für Beratungsstellen nach Absprache kostenlos.",
    },
    "victims_fund": {
        "name": "Opferfonds und Entschädigung (Beispiel)",
        "description": "Beratung zu Opferentschädigung (SGB XIV) und Härtefallleistungen, Hilfe bei Anträgen.",
        "application": "Telefonische Sprechstunde.",
        "fees": "Kostenlos.",
    },
    "shelter": {
        "name": "Frauenhaus {city} (Beispiel)",
        "description": "Schutz und Unterkunft für Frauen und ihre Kinder; Aufnahme rund um die Uhr.",
        "application": "Rund um die Uhr telefonisch erreichbar; die Adresse wird nicht veröffentlicht.",
        "fees": "Kostenlos.",
    },
    "social": {
        "name": "Sozialberatung {city} (Beispiel)",
        "description": "Beratung zu Sozialleistungen, Schulden und Anträgen.",
        "application": "Offene Sprechstunde, ohne Anmeldung.",
        "fees": "Kostenlos.",
    },
    "migration": {
        "name": "Migrationsberatung {city} (Beispiel)",
        "description": "Migrationsberatung für Erwachsene: Aufenthalt, Arbeit, Familie, Ankommen.",
        "application": "Termin telefonisch oder per E-Mail.",
        "fees": "Kostenlos.",
    },
    "self_help": {
        "name": "Selbsthilfegruppe nach Rassismuserfahrungen (Beispiel)",
        "description": "Treffen für Betroffene von rassistischer Gewalt und Diskriminierung, angeleitet von Peers.",
        "application": "Einfach vorbeikommen oder vorher anrufen.",
        "fees": "Kostenlos.",
    },
    "youth": {
        "name": "Jugendberatung {city} (Beispiel)",
        "description": "Beratung für Kinder, Jugendliche und Eltern nach Gewalt, in der Schule und im Alltag.",
        "application": "Telefonisch, per E-Mail oder in der offenen Sprechstunde.",
        "fees": "Kostenlos.",
    },
}

LANGUAGE_WORDS = {"ar": "Arabisch", "tr": "Türkisch", "fa": "Persisch", "ku": "Kurdisch", "ru": "Russisch",
                  "uk": "Ukrainisch", "en": "Englisch", "fr": "Französisch", "pl": "Polnisch", "ro": "Rumänisch"}

FREE, UNINSURED, INTERPRETER = "free-of-charge", "accepts-uninsured", "interpreter-available"
BARRIER_FREE, TRAUMA, COMMUNITY = "barrier-free", "trauma-informed", "community-based"

ENTRIES: list[Entry] = [
    # Dortmund
    Entry("do-psy-ar", "dortmund", "psychotherapy", "Praxis Dr. Samira Beispiel (Beispiel)", "Hohe Straße 12",
          ("de", "ar", "en"), ("psychotherapy", "trauma-therapy"), (TRAUMA, BARRIER_FREE)),
    Entry("do-psy-tr", "dortmund", "psychotherapy", "Praxis Ayşe Muster (Beispiel)", "Rheinische Straße 40",
          ("de", "tr", "ku"), ("psychotherapy",), (TRAUMA,), postcode_index=1),
    Entry("do-law", "dortmund", "lawyer_criminal", "Kanzlei Beispiel & Partner (Beispiel)", "Kampstraße 5",
          ("de", "en", "fr"), ("legal-criminal-joint-plaintiff",), (INTERPRETER,), postcode_index=3),
    Entry("do-forensic", "dortmund", "forensic", "Klinikum Dortmund-Beispiel (Beispiel)", "Beurhausstraße 1",
          ("de", "en"), ("medical-forensic",), (FREE, UNINSURED, BARRIER_FREE), hours=(("MO,TU,WE,TH,FR", "08:00", "16:00"),),
          postcode_index=1),
    Entry("do-interpreting", "dortmund", "interpreting", "Sprachmittlung Ruhr e.V. (Beispiel)", "Münsterstraße 60",
          ("ar", "fa", "ku", "tr", "ru", "uk", "ro"), ("interpreting",), (FREE, COMMUNITY), hours=OFFICE_HOURS,
          postcode_index=2),
    Entry("do-shelter", "dortmund", "shelter", "Frauen helfen Frauen Dortmund e.V. (Beispiel)", "Beispielweg 1",
          ("de", "en", "tr", "ar"), ("housing-women-shelter",), (FREE, TRAUMA), hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),),
          verified_days_ago=420, address_is_confidential=True),
    # Bochum
    Entry("bo-psy-ar", "bochum", "psychotherapy", "Praxis für Psychotherapie Haddad (Beispiel)", "Kortumstraße 20",
          ("de", "ar", "fr"), ("psychotherapy",), (TRAUMA,), language_notes={"ar": "Muttersprache"}),
    Entry("bo-agg", "bochum", "lawyer_agg", "Rechtsanwältin Beispiel (Beispiel)", "Huestraße 8",
          ("de", "en", "tr"), ("legal-antidiscrimination",), (), postcode_index=1),
    Entry("bo-selfhelp", "bochum", "self_help", "Community-Treff Bochum (Beispiel)", "Alleestraße 30",
          ("de", "ar", "tr", "fa"), ("self_help",), (FREE, COMMUNITY, BARRIER_FREE), hours=(("TH", "17:00", "19:00"),),
          postcode_index=2),
    Entry("bo-youth", "bochum", "youth", "Jugendhilfe Ruhr gGmbH (Beispiel)", "Brückstraße 11",
          ("de", "tr", "ar"), ("youth_welfare",), (FREE,), hours=COUNSELLING_HOURS, visibility=Visibility.NETWORK),
    # Münster
    Entry("ms-trauma", "muenster", "trauma", "Universitätsklinik Münster-Beispiel (Beispiel)", "Albert-Schweitzer-Straße 3",
          ("de", "en", "ar"), ("trauma-therapy",), (FREE, TRAUMA, BARRIER_FREE, INTERPRETER), hours=OFFICE_HOURS),
    Entry("ms-migration", "muenster", "migration", "Caritas-Beispiel Münster (Beispiel)", "Josefstraße 2",
          ("de", "ar", "fa", "ru", "uk"), ("migration",), (FREE,), hours=COUNSELLING_HOURS, postcode_index=1),
    Entry("ms-law", "muenster", "lawyer_migration", "Kanzlei am Prinzipalmarkt (Beispiel)", "Prinzipalmarkt 10",
          ("de", "fa", "en"), ("legal-asylum-residence",), (), postcode_index=0),
    # Bielefeld
    Entry("bi-psy", "bielefeld", "psychotherapy", "Praxis Kaya (Beispiel)", "Niederwall 25",
          ("de", "tr", "ku"), ("psychotherapy",), (TRAUMA,)),
    Entry("bi-social", "bielefeld", "social", "Sozialberatung Ostwestfalen (Beispiel)", "Herforder Straße 9",
          ("de", "ru", "uk", "pl"), ("social",), (FREE,), hours=OFFICE_HOURS, postcode_index=2),
    Entry("bi-fund", "bielefeld", "victims_fund", "Opferhilfe Westfalen e.V. (Beispiel)", "Jahnplatz 4",
          ("de", "en"), ("victims_fund",), (FREE,), hours=OFFICE_HOURS, verified_days_ago=500),
    # Düsseldorf
    Entry("d-psy-fa", "duesseldorf", "psychotherapy", "Praxis Dr. Rezaei (Beispiel)", "Kasernenstraße 17",
          ("de", "fa", "en"), ("psychotherapy", "trauma-therapy"), (TRAUMA,)),
    Entry("d-law", "duesseldorf", "lawyer_criminal", "Kanzlei Rheinufer (Beispiel)", "Königsallee 50",
          ("de", "ar", "en"), ("legal-criminal-joint-plaintiff", "legal-family-protection"), (INTERPRETER,),
          postcode_index=1),
    Entry("d-forensic", "duesseldorf", "forensic", "Gewaltopferambulanz Düsseldorf (Beispiel)", "Moorenstraße 5",
          ("de", "en", "tr"), ("medical-forensic",), (FREE, UNINSURED), hours=(("MO,TU,WE,TH,FR", "08:00", "16:00"),),
          postcode_index=2, visibility=Visibility.NETWORK),
    # Köln
    Entry("k-psy-ar", "koeln", "psychotherapy", "Praxis Mansour (Beispiel)", "Hohenzollernring 30",
          ("de", "ar", "ku"), ("psychotherapy",), (TRAUMA, BARRIER_FREE)),
    Entry("k-agg", "koeln", "lawyer_agg", "Antidiskriminierungskanzlei Köln (Beispiel)", "Venloer Straße 100",
          ("de", "en", "tr", "fr"), ("legal-antidiscrimination",), (), postcode_index=3),
    Entry("k-interpreting", "koeln", "interpreting", "Dolmetschpool Köln e.V. (Beispiel)", "Domstraße 10",
          ("ar", "fa", "tr", "ku", "ru", "uk", "pl", "ro"), ("interpreting",), (FREE, COMMUNITY), hours=OFFICE_HOURS),
    Entry("k-selfhelp", "koeln", "self_help", "Empowerment-Gruppe Köln (Beispiel)", "Keupstraße 5",
          ("de", "tr", "ku"), ("self_help",), (FREE, COMMUNITY), hours=(("TU", "18:00", "20:00"),), postcode_index=3),
    Entry("k-shelter", "koeln", "shelter", "Männerschutzwohnung Rheinland (Beispiel)", "Beispielweg 7",
          ("de", "en"), ("housing-men-shelter",), (FREE,), hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
          visibility=Visibility.CENTRE, address_is_confidential=True),
]


def load_demo_directory() -> list[Service]:
    """Creates or updates the demo entries; returns them."""
    with transaction.atomic():
        terms = {term.code: term for term in TaxonomyTerm.objects.all()}
        network = Network.objects.filter(slug=STATE_NETWORK).first()
        centres = {centre.slug: centre for centre in Centre.objects.filter(slug__in={c.centre for c in CITIES.values()})}
        return [_load(entry, terms, network, centres) for entry in ENTRIES]


def _load(entry: Entry, terms: dict[str, TaxonomyTerm], network: Any, centres: dict[str, Centre]) -> Service:
    city = CITIES[entry.city]
    template = KINDS[entry.kind]
    number = f"{city.area_code} 000000-{ENTRIES.index(entry) + 10}"
    provider, _ = Provider.objects.update_or_create(public_id=demo_id(entry.key, "provider"), defaults={
        "name": entry.provider, "description": "Erfundener Beispieleintrag für die Demo von Beistand.",
        "email": f"{entry.key}@example.org", "website": f"https://example.org/{entry.key}",
    })
    service, _ = Service.objects.update_or_create(public_id=demo_id(entry.key), defaults={
        **_ownership(entry, network, centres.get(city.centre)),
        "provider": provider, "name": _name(entry, template, city),
        "description": template["description"], "application_process": template["application"],
        "fees_description": template["fees"], "url": f"https://example.org/{entry.key}",
        "email": f"{entry.key}@example.org", "status": "active",
        "last_verified_on": timezone.localdate() - datetime.timedelta(days=entry.verified_days_ago),
        "interpretation_services": "Dolmetschung kann über die Beratungsstelle organisiert werden." if "interpreter-available" in entry.features else "",
    })
    _place(entry, city, service, provider)
    Phone.objects.update_or_create(public_id=demo_id(entry.key, "phone"), defaults={
        "service": service, "number": number, "description": "Beispielnummer"})
    _hours(entry, service)
    _languages(entry, service)
    _terms(entry, service, terms)
    return service


def _name(entry: Entry, template: dict[str, str], city: City) -> str:
    if entry.kind == "psychotherapy":
        words = [LANGUAGE_WORDS[code] for code in entry.languages if code in LANGUAGE_WORDS]
        spoken = " und ".join(", ".join(words).rsplit(", ", 1)) if words else "Deutsch"
        return f"Psychotherapie auf {spoken} – {entry.provider}"
    if "{city}" in template["name"]:
        return template["name"].format(city=city.name)
    return f"{template['name']} – {entry.provider}"


def _ownership(entry: Entry, network: Any, centre: Centre | None) -> dict[str, Any]:
    visibility = entry.visibility
    if visibility == Visibility.CENTRE and centre is None:
        visibility = Visibility.PUBLIC
    if visibility == Visibility.NETWORK and network is None:
        visibility = Visibility.PUBLIC
    return {"visibility": visibility, "network": network, "owner_centre": centre}


def _place(entry: Entry, city: City, service: Service, provider: Provider) -> None:
    postcode = city.postcodes[entry.postcode_index % len(city.postcodes)]
    # A confidential address is kept on its postcode's centre only (actions.coarsen_confidential).
    latitude, longitude = postcode_centroid(postcode) if entry.address_is_confidential else _near(postcode, entry.key)
    location, _ = Location.objects.update_or_create(public_id=demo_id(entry.key, "location"), defaults={
        "provider": provider, "name": entry.provider, "latitude": latitude, "longitude": longitude,
        "address_is_confidential": entry.address_is_confidential,
        "transportation": f"Vom Hauptbahnhof {city.name} mit Bus oder Bahn etwa 10 Minuten (Beispielangabe).",
    })
    ServiceAtLocation.objects.update_or_create(public_id=demo_id(entry.key, "at"), defaults={
        "service": service, "location": location})
    Address.objects.update_or_create(public_id=demo_id(entry.key, "address"), defaults={
        "location": location, "address_1": entry.street, "city": city.name, "postal_code": postcode,
        "state_province": "Nordrhein-Westfalen", "country": "DE"})


def _near(postcode: str, key: str) -> tuple[float | None, float | None]:
    """The postcode's centre, moved by up to about 600 m (fixed per entry) so entries do not stack."""
    latitude, longitude = postcode_centroid(postcode)
    if latitude is None or longitude is None:
        return None, None
    offset = demo_id(key, "offset").int
    return round(latitude + ((offset % 1000) - 500) / 100_000, 5), round(longitude + ((offset // 1000 % 1000) - 500) / 70_000, 5)


def _hours(entry: Entry, service: Service) -> None:
    for index, (days, opens, closes) in enumerate(entry.hours):
        Schedule.objects.update_or_create(public_id=demo_id(entry.key, "hours", str(index)), defaults={
            "service": service, "freq": "WEEKLY", "byday": days,
            "opens_at": datetime.time.fromisoformat(opens), "closes_at": datetime.time.fromisoformat(closes)})


def _languages(entry: Entry, service: Service) -> None:
    for code in entry.languages:
        Language.objects.update_or_create(public_id=demo_id(entry.key, "language", code), defaults={
            "service": service, "code": code, "note": entry.language_notes.get(code, "")})


def _terms(entry: Entry, service: Service, terms: dict[str, TaxonomyTerm]) -> None:
    for code in (*entry.needs, *entry.features, EXAMPLE_ENTRY):
        if code in terms:
            Attribute.objects.update_or_create(public_id=demo_id(entry.key, "term", code), defaults={
                "service": service, "term": terms[code]})
