"""The taxonomies the directory ships: the needs of the people counsellors refer, and features.

The needs follow the referral purposes of case work (cases.choices.ReferralPurpose):
a term's code is the purpose's value, so a referral from an entry knows its purpose.
Identifiers are derived from the codes, so every installation exports the same
ids for the same default terms. Loaded by migration 0002; coordinators edit them later.
"""

from __future__ import annotations

import uuid
from typing import Any

from beistand.directory.choices import (
    ACCEPTS_UNINSURED,
    BARRIER_FREE,
    COMMUNITY_BASED,
    CONFIDENTIAL_ADDRESS,
    EXAMPLE_ENTRY,
    FEATURES,
    FREE_OF_CHARGE,
    INTERPRETER_AVAILABLE,
    NEEDS,
    TRAUMA_INFORMED,
)

ID_NAMESPACE = uuid.UUID("6f1c2a52-3c0e-4b53-9a3c-2d7f1e0b8a41")


def default_id(code: str) -> uuid.UUID:
    return uuid.uuid5(ID_NAMESPACE, code)


TAXONOMIES = [
    {
        "code": NEEDS,
        "name": "Bedarfe",
        "description": "Wobei Betroffene Unterstützung brauchen: wohin Beratungsstellen verweisen.",
        "version": "1",
    },
    {
        "code": FEATURES,
        "name": "Merkmale",
        "description": "Merkmale eines Angebots, die für die Verweisberatung zählen.",
        "version": "1",
    },
]

# (code, name, description, parent code)
Term = tuple[str, str, str, str | None]
NEED_TERMS: list[Term] = [
    ("medical", "Medizinische Versorgung und Dokumentation von Verletzungen", "Ärztliche Behandlung nach einem Angriff.", None),
    ("medical-forensic", "Rechtsmedizinische Dokumentation von Verletzungen", "Gerichtsfeste Dokumentation, auch ohne Anzeige.", "medical"),
    ("medical-general", "Allgemeinmedizin", "Hausärztliche Versorgung.", "medical"),
    ("legal", "Rechtsberatung und Vertretung", "Anwältinnen und Anwälte, Rechtsberatung.", None),
    ("legal-criminal-joint-plaintiff", "Strafrecht mit Erfahrung in der Nebenklage", "Vertretung Betroffener im Strafverfahren.", "legal"),
    ("legal-antidiscrimination", "Antidiskriminierungsrecht", "Ansprüche nach dem AGG und Beschwerden.", "legal"),
    ("legal-asylum-residence", "Asyl- und Aufenthaltsrecht", "Aufenthalt, Asylverfahren, Duldung.", "legal"),
    ("legal-family-protection", "Familienrecht und Gewaltschutz", "Schutzanordnungen nach dem Gewaltschutzgesetz.", "legal"),
    ("psychological", "Psychologische Beratung und Traumatherapie", "Unterstützung bei seelischen Folgen.", None),
    ("psychotherapy", "Psychotherapie", "Approbierte Psychotherapeutinnen und Psychotherapeuten.", "psychological"),
    ("trauma-therapy", "Traumatherapie", "Behandlung von Traumafolgen.", "psychological"),
    ("psychosocial-counselling", "Psychosoziale Beratung", "Beratung ohne Therapie.", "psychological"),
    ("interpreting", "Dolmetschen und Sprachmittlung", "Für Gespräche, Termine und Verfahren.", None),
    ("victims_fund", "Opferfonds und Entschädigung", "Z. B. Opferentschädigung (OEG/SGB XIV), Härtefallfonds.", None),
    ("housing", "Wohnen und Schutz", "Frauenhäuser, Männerschutzwohnungen, Wohnungssuche.", None),
    ("housing-women-shelter", "Frauenhaus", "Schutzunterkunft für Frauen und ihre Kinder.", "housing"),
    ("housing-men-shelter", "Männerschutzwohnung", "Schutzunterkunft für Männer.", "housing"),
    ("social", "Finanz- und Sozialberatung", "Sozialleistungen, Schulden, Anträge.", None),
    ("youth_welfare", "Jugendhilfe", "Angebote für Kinder, Jugendliche und Familien.", None),
    ("migration", "Migrations- und Aufenthaltsberatung", "Beratung zu Aufenthalt, Arbeit und Ankommen.", None),
    ("self_help", "Selbsthilfe und Community-Gruppen", "Austausch mit anderen Betroffenen.", None),
]

FEATURE_TERMS: list[Term] = [
    (FREE_OF_CHARGE, "Kostenlos", "Für die Betroffenen entstehen keine Kosten.", None),
    (ACCEPTS_UNINSURED, "Auch ohne Krankenversicherung", "Behandelt auch Menschen ohne Krankenversicherung.", None),
    (INTERPRETER_AVAILABLE, "Dolmetschung möglich", "Eine Dolmetscherin oder ein Dolmetscher kann hinzukommen.", None),
    (BARRIER_FREE, "Barrierefreier Zugang", "Stufenloser Zugang, barrierefreie Räume.", None),
    (TRAUMA_INFORMED, "Traumasensibel", "Arbeitet traumasensibel.", None),
    (COMMUNITY_BASED, "Community-basiert", "Getragen von den Communities der Betroffenen.", None),
    (EXAMPLE_ENTRY, "Beispieleintrag", "Erfundener Eintrag zum Ausprobieren; keine echte Stelle.", None),
    (CONFIDENTIAL_ADDRESS, "Adresse nur für Fachkräfte",
     "Die Adresse dieses Ortes (z. B. eines Frauenhauses) wird nicht veröffentlicht; nur Fachkräfte des Netzwerks sehen sie.", None),
]


def load_default_taxonomies(apps: Any = None, schema_editor: Any = None) -> None:
    """Creates the default taxonomies and terms that are missing; never changes edited ones."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    taxonomy_model = apps.get_model("directory", "Taxonomy")
    term_model = apps.get_model("directory", "TaxonomyTerm")
    taxonomies = {}
    for row in TAXONOMIES:
        taxonomies[row["code"]], _created = taxonomy_model.objects.get_or_create(
            code=row["code"], defaults={**row, "public_id": default_id(row["code"])}
        )
    for taxonomy_code, terms in ((NEEDS, NEED_TERMS), (FEATURES, FEATURE_TERMS)):
        _load_terms(term_model, taxonomies[taxonomy_code], terms)


def _load_terms(term_model: Any, taxonomy: Any, terms: list[Term]) -> None:
    by_code: dict[str, Any] = {}
    for position, (code, name, description, parent) in enumerate(terms):
        by_code[code], _created = term_model.objects.get_or_create(
            code=code,
            defaults={
                "public_id": default_id(code), "taxonomy": taxonomy, "name": name,
                "description": description, "parent": by_code.get(parent) if parent else None,
                "position": position,
            },
        )
