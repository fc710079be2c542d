"""The code lists shipped as the installation's defaults (version 1), from domain.md.

Labels are the field's own German terms: they are what counsellors and the
published statistics use. Networks copy and change them in the staff UI.
"""

from __future__ import annotations

from typing import Any

DEFAULT_LISTS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    # scheme: (title, [(code, label, parent code)])
    "motive": ("Tatmotive (VBRG)", [
        ("racism", "Rassismus", ""),
        ("antisemitism", "Antisemitismus", ""),
        ("political_opponents", "gegen politische Gegner*innen", ""),
        ("journalists", "davon gegen Journalist*innen", "political_opponents"),
        ("non_right", "gegen Nichtrechte/Alternative", ""),
        ("queer_hostility", "LGBTIQ*-feindlich / queer- und transfeindlich", ""),
        ("social_darwinism_homeless", "Sozialdarwinismus (gegen Wohnungslose)", ""),
        ("social_darwinism_disability", "Sozialdarwinismus (gegen Menschen mit Behinderung)", ""),
        ("antiziganism", "Antiziganismus/Antiromaismus", ""),
        ("conspiracy", "Verschwörungsideologie", ""),
        ("misogyny", "Misogynie", ""),
        ("antislavism", "Antislawismus", ""),
        ("unclear", "unklar", ""),
        ("other", "sonstiges", ""),
    ]),
    "offence": ("Straftaten (VBRG, schwerste Tat)", [
        ("homicide", "Tötung", ""),
        ("attempted_homicide", "versuchte Tötung", ""),
        ("dangerous_bodily_harm", "gefährliche Körperverletzung", ""),
        ("bodily_harm", "einfache Körperverletzung", ""),
        ("coercion_threat", "Nötigung/Bedrohung", ""),
        ("arson", "Brandstiftung", ""),
        ("property_damage", "massive Sachbeschädigung", ""),
        ("other_violence", "sonstige Gewalttaten", ""),
    ]),
    "rias_type": ("Vorfallstypen (RIAS)", [
        ("extreme_violence", "Extreme Gewalt", ""),
        ("assault", "Angriff", ""),
        ("targeted_damage", "Gezielte Sachbeschädigung", ""),
        ("threat", "Bedrohung", ""),
        ("abusive_behaviour", "Verletzendes Verhalten", ""),
        ("mass_mailing", "Massenzuschrift", ""),
        ("assembly", "Versammlung", ""),
    ]),
    "rias_background": ("Politischer Hintergrund (RIAS)", [
        ("right_wing_extremist", "rechtsextrem", ""),
        ("conspiracy", "verschwörungsideologisch", ""),
        ("anti_israel", "antiisraelischer Aktivismus", ""),
        ("islamist", "islamisch/islamistisch", ""),
        ("left", "links", ""),
        ("unknown", "unbekannt", ""),
    ]),
    "discrimination_ground": ("Diskriminierungsmerkmale (AGG und Praxis)", [
        ("ethnic_origin", "ethnische Herkunft / rassistische Zuschreibung", ""),
        ("sex", "Geschlecht", ""),
        ("religion", "Religion oder Weltanschauung", ""),
        ("disability", "Behinderung", ""),
        ("age", "Lebensalter", ""),
        ("sexual_identity", "sexuelle Identität", ""),
        ("social_status", "sozialer Status", ""),
        ("language", "Sprache", ""),
        ("appearance", "Aussehen", ""),
        ("weight", "Gewicht", ""),
        ("care_responsibility", "Fürsorgeverantwortung", ""),
        ("chronic_illness", "chronische Erkrankung", ""),
    ]),
    "life_area": ("Lebensbereiche", [
        ("work", "Arbeit", ""),
        ("housing", "Wohnen", ""),
        ("education", "Bildung", ""),
        ("goods_services", "Güter und Dienstleistungen", ""),
        ("public_transport", "öffentlicher Verkehr", ""),
        ("authorities", "Ämter und Behörden", ""),
        ("police_justice", "Polizei und Justiz", ""),
        ("health", "Gesundheit", ""),
        ("leisure", "Freizeit", ""),
        ("media_internet", "Medien und Internet", ""),
    ]),
}


def install_default_lists(code_list_model: Any, code_model: Any) -> None:
    """Creates version 1 of every default list that does not exist yet (idempotent)."""
    for scheme, (title, codes) in DEFAULT_LISTS.items():
        code_list, created = code_list_model.objects.get_or_create(
            network=None, scheme=scheme, version=1, defaults={"title": title, "is_current": True}
        )
        if not created:
            continue
        by_code: dict[str, Any] = {}
        for position, (code, label, parent) in enumerate(codes):
            by_code[code] = code_model.objects.create(
                code_list=code_list, code=code, label=label, position=position,
                parent=by_code.get(parent),
            )
