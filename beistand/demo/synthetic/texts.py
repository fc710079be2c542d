"""The free text of synthetic cases: pseudonyms, notes, titles — plausible, never real.

Pseudonyms are made of a small list of invented syllables ("Talemo V."), so
they can never be a real person's full name. Notes are put together from
sentences in the style of counselling notes, with no names, addresses or
numbers that could belong to anybody. Everything is drawn from the caller's
random generator, so one seed gives the same texts.
"""

from __future__ import annotations

import random

SYLLABLES = (
    "ka", "lo", "mi", "ren", "ta", "vu", "sel", "dor", "fi", "na", "bre", "os", "lin",
    "zu", "mar", "pe", "tis", "ol", "ja", "ro", "ne", "sa", "wen", "ki",
)
INITIALS = "ABDEFGHKLMNOPRSTVWZ"

NOTE_SENTENCES = (
    "Erstgespräch: {p} schildert den Ablauf, die Schilderung ist in sich stimmig.",
    "{p} berichtet von Schlafproblemen seit dem Vorfall und meidet den Weg zur Arbeit.",
    "Wir haben die Möglichkeiten einer Anzeige besprochen; {p} möchte noch Bedenkzeit.",
    "Die Grenzen der Vertraulichkeit wurden erklärt, die Einwilligung zur Speicherung liegt vor.",
    "Gemeinsam eine Liste der Zeuginnen und Zeugen erstellt, soweit {p} sie kennt.",
    "Gedächtnisprotokoll besprochen; {p} schreibt es bis zum nächsten Termin fertig.",
    "Termin bei einer Fachanwältin für Strafrecht vermittelt, Kostenübernahme geklärt.",
    "Die Verletzungen wurden ärztlich dokumentiert, das Attest liegt {p} vor.",
    "Telefonat: Stand der Ermittlungen erfragt, bisher keine Rückmeldung der Polizei.",
    "{p} fühlt sich in der Nachbarschaft nicht mehr sicher; Optionen für einen Umzug besprochen.",
    "Antrag beim Opferfonds vorbereitet, die Unterlagen werden nachgereicht.",
    "Aufsuchender Termin in der Wohnung; die Kinder waren während des Gesprächs in der Schule.",
    "Dolmetschung lief gut; nächstes Mal wieder dieselbe Dolmetscherin anfragen.",
    "Über Möglichkeiten der psychologischen Unterstützung informiert, Wartelisten sind lang.",
    "Begleitung zur Zeugenvernehmung vorbereitet: Ablauf, Rechte, Pausen.",
    "{p} möchte den Vorfall öffentlich machen; Chancen und Risiken besprochen, keine Entscheidung.",
    "Rückmeldung der Schule steht aus, Gespräch mit der Klassenleitung angeregt.",
    "Die Sicherheitslage wurde neu eingeschätzt, derzeit keine weiteren Bedrohungen.",
    "{p} hat den Kontakt zur Selbsthilfegruppe aufgenommen und erlebt ihn als entlastend.",
    "Kurzer Austausch per E-Mail zum nächsten Termin, sonst nichts Neues.",
    "Unterstützung beim Schreiben an die Hausverwaltung, Entwurf gemeinsam durchgesehen.",
    "Die Nebenklage wurde zugelassen; der Termin zur Hauptverhandlung ist noch offen.",
    "{p} wirkt stabiler als beim letzten Gespräch und plant wieder Treffen mit Freunden.",
    "Fallbesprechung im Team: weiteres Vorgehen abgestimmt, Vier-Augen-Prinzip beachtet.",
)

# Working titles by kind of counselling (cases.choices.CaseKind values).
TITLES = {
    "victim": (
        "Angriff an der Haltestelle", "Bedrohung in der Nachbarschaft", "Beleidigung und Schläge im Zug",
        "Angriff nach Vereinsfeier", "Bedrohung am Arbeitsplatz", "Sachbeschädigung am Geschäft",
        "Angriff auf dem Schulweg", "Bedrohung per Nachricht", "Angriff vor der Moschee", "Prozessbegleitung",
    ),
    "first_contact": (
        "Diskriminierung bei der Wohnungssuche", "Beschwerde über Amt", "Benachteiligung am Arbeitsplatz",
        "Einlasskontrolle Diskothek", "Rassistische Bemerkungen in der Schule",
    ),
    "domestic_violence": ("Gewalt in der Partnerschaft", "Trennung und Bedrohung", "Schutzanordnung beantragt"),
    "domestic_violence_proactive": ("Polizeieinsatz, Wohnungsverweisung", "Pro-aktive Kontaktaufnahme"),
    "exit": ("Ausstiegsbegleitung", "Distanzierung aus dem Umfeld", "Sicherheitsfragen beim Ausstieg"),
    "mobile": ("Beratung der Gemeinde", "Schule nach Vorfall", "Verein und rechte Mitglieder", "Bürgerdialog"),
}
NEEDS = (
    "Sicherheit im Wohnumfeld, Unterstützung bei Anzeige und Nebenklage.",
    "Entlastung, Begleitung zu Terminen, Klärung der Kosten.",
    "Informationen zu rechtlichen Möglichkeiten, psychologische Unterstützung.",
    "Wohnungswechsel, Schutz vor weiteren Bedrohungen.",
    "Anerkennung des Erlebten, Gespräch mit der Schule.",
)
PLACES = (
    "Bushaltestelle in der Innenstadt", "Bahnsteig am Hauptbahnhof", "vor einem Supermarkt",
    "Treppenhaus des Wohnhauses", "auf dem Schulhof", "Parkplatz eines Sportvereins",
    "Fußgängerzone", "vor einem Gemeindezentrum", "in einer Straßenbahn", "am Arbeitsplatz",
)
DESCRIPTIONS = (
    "Mehrere Personen riefen rassistische Beleidigungen und schlugen zu.",
    "Ein Mann drohte mit einem Messer und rief rechte Parolen.",
    "Die Person wurde verfolgt, beleidigt und zu Boden gestoßen.",
    "Am Eingang wurden Hakenkreuze geschmiert und Scheiben eingeworfen.",
    "Nach einer Veranstaltung wurde die Person erkannt und angegriffen.",
    "Über Wochen kamen Drohungen per Brief und Nachricht.",
)
PARTNERS = (
    "Fachanwältin für Strafrecht (Beispielkanzlei)", "Traumaambulanz (Beispiel)",
    "Dolmetschdienst (Beispiel)", "Opferfonds (Beispiel)", "Migrationsberatung (Beispiel)",
    "Hausarztpraxis (Beispiel)", "Psychotherapeutische Praxis (Beispiel)",
    "Jugendamt (Beispiel)", "Selbsthilfegruppe (Beispiel)",
)
TASKS = (
    "Strafantrag stellen", "Attest an die Anwältin schicken", "Rückruf Polizei",
    "Antrag Opferfonds nachreichen", "Termin Zeugenvernehmung vorbereiten",
    "Schreiben an die Hausverwaltung", "Frist für die Beschwerde beachten",
)
SAFETY_PLANS = (
    "Notfallnummern besprochen, Schlüssel bei der Nachbarin, Kinder wissen, wen sie anrufen.",
    "Wege zur Arbeit wechseln, Begleitung auf dem Heimweg organisiert.",
)
# Messages in anonymous conversations (the public's side and the centre's replies).
PERSON_MESSAGES = (
    "Hallo, ich wurde letzte Woche an der Haltestelle beleidigt und geschubst. Können Sie mir helfen?",
    "Ich weiß nicht, ob ich Anzeige erstatten soll. Was passiert dann?",
    "Danke für Ihre Antwort. Ein Termin am Dienstag würde passen.",
    "Mein Sohn wird in der Schule seit Wochen beschimpft. Die Schule reagiert nicht.",
    "Es ist wieder passiert, diesmal vor meiner Wohnung. Ich habe Angst.",
    "Kann jemand mitkommen, wenn ich zur Polizei gehe?",
    "Ich möchte lieber schreiben als telefonieren.",
)
CENTRE_REPLIES = (
    "Danke, dass Sie sich gemeldet haben. Wir beraten kostenlos und vertraulich. Wann passt ein Gespräch?",
    "Eine Anzeige ist möglich, aber keine Voraussetzung für unsere Beratung. Wir erklären Ihnen gern den Ablauf.",
    "Gern begleiten wir Sie zur Polizei. Schreiben Sie uns, welcher Tag Ihnen passt.",
    "Wir können uns auch an einem Ort treffen, den Sie aussuchen.",
    "Das klingt belastend. Wir melden uns morgen mit einem Terminvorschlag.",
)
CONTACT_TIMES = ("werktags 10–12 Uhr", "nachmittags ab 15 Uhr", "nur dienstags", "abends nach 18 Uhr")


def pseudonym(rng: random.Random) -> str:
    """An invented name of two or three syllables and an initial, e.g. "Talemo V."."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return f"{word.capitalize()} {rng.choice(INITIALS)}."


def invented_full_name(rng: random.Random) -> str:
    """Where a case holds a name (e.g. a police referral): syllables, never a real name."""
    first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{first} {last}"


def note(rng: random.Random, who: str, minimum: int = 200, maximum: int = 2000) -> str:
    """A session note of minimum..maximum characters, sentences in a random order."""
    target = rng.randint(minimum, maximum)
    sentences: list[str] = []
    length = 0
    while length < target:
        sentence = rng.choice(NOTE_SENTENCES).format(p=who)
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)[:maximum]


def pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return rng.choice(options)


def example_phone(rng: random.Random) -> str:
    """A number that cannot be dialled: 0000 is no German area code."""
    return f"0000 {rng.randint(100000, 999999)}"
