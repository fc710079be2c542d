# German typography uses the en dash (U+2013) on purpose in the texts below.
"""The demo network: the NRW counselling landscape of the source documents.

Public facts only, taken from shared/seeds and shared/domain.md. Where a fact
(a carrier, an address, a phone number, opening hours) is not known for
certain, the entry says so: invented contact data carry `contact_is_example`,
invented names end in "(Beispiel)", assumed service areas say so in
`service_area_note`. Real phone numbers appear only for the help lines whose
numbers are certain.

`load_demo_network()` is idempotent: objects are found by slug and updated,
so running it twice changes nothing.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.db import transaction

from beistand.network.choices import CentreType as T
from beistand.network.choices import OrganisationKind as K
from beistand.network.choices import Weekday
from beistand.network.models import (
    AdministrativeRegion,
    Centre,
    District,
    Network,
    OpeningHours,
    Organisation,
    State,
)


class DemoDataError(RuntimeError):
    """The demo network cannot be loaded (e.g. the region data are missing)."""


EXAMPLE_PHONE = "0000 000000"
EXAMPLE_HOURS_NOTE = "Beispiel: Diese Sprechzeiten sind Beispieldaten, nicht die tatsächlichen Zeiten."
EXAMPLE_HOURS = [(Weekday.MONDAY, 10, 16), (Weekday.WEDNESDAY, 10, 16), (Weekday.THURSDAY, 14, 18)]
AREA_ASSUMED = (
    "Annahme: Die Quelle nennt den Standort, nicht das genaue Einzugsgebiet; "
    "eingetragen ist die Stadt bzw. der Kreis des Standorts."
)
CARRIER_UNKNOWN = (
    "Welche der tragenden Organisationen von weact diesen Standort trägt, nennt die Quelle "
    "nicht; als Träger ist hier der Dachverband NeMO eingetragen."
)

# Regions the NRW part of the demo cannot do without (AGS keys).
REQUIRED_STATES = ["05"]
REQUIRED_REGIONS = ["051", "053", "055", "057", "059"]
REQUIRED_DISTRICTS = ["05111", "05315", "05515", "05711", "05911", "05913"]

# --- Networks (coordinators are set once the centres exist) ----------------------

NETWORKS: list[dict[str, Any]] = [
    {
        "slug": "landesnetzwerk-nrw",
        "name": "Landesnetzwerk gegen Rechtsextremismus NRW",
        "coordinator": "lks-nrw",
        "description": (
            "2012 von staatlichen und zivilgesellschaftlichen Akteuren gegründet: Austausch- und "
            "Informationsforum von Multiplikatorinnen und Multiplikatoren in der Arbeit gegen "
            "Rechtsextremismus. Die Landeskoordinierungsstelle gegen Rechtsextremismus und "
            "Rassismus (LKS) koordiniert und steuert die gemeinsame Arbeit."
        ),
    },
    {
        "slug": "weact",
        "name": "weact – community-basierte rassismuskritische Beratungsstellen",
        "coordinator": None,
        "description": (
            "Elf community-basierte, rassismuskritische Anlauf- und Beratungsstellen für Erst- "
            "und Verweisberatung, getragen laut Quelle von 13 Organisationen, vorwiegend "
            "kommunalen Verbünden von Migrant*innenorganisationen; die Quelle nennt zwölf davon "
            "namentlich und „sechs Bundesländer“, zählt aber Standorte in fünf Ländern auf. "
            "Dachverband: Bundesverband NeMO. In dieser Installation koordiniert niemand "
            "das Netzwerk."
        ),
    },
    {
        "slug": "vbrg",
        "name": "Verband der Beratungsstellen für Betroffene rechter, rassistischer und "
        "antisemitischer Gewalt (VBRG)",
        "coordinator": None,
        "description": (
            "Bundesweiter Verband der unabhängigen Beratungsstellen für Betroffene rechter, "
            "rassistischer und antisemitischer Gewalt. In dieser Installation koordiniert "
            "niemand den Verband."
        ),
    },
    {
        "slug": "gewaltschutz-nrw",
        "name": "Gewaltschutz NRW: Beratung bei häuslicher Gewalt",
        "coordinator": "lks-gewalt-nrw",
        "description": (
            "Die Beratungsstellen bei häuslicher Gewalt mit pro-aktivem Ansatz und die vom Land "
            "geförderten Angebote für Männer; die Landeskoordinierungsstelle zur Bekämpfung von "
            "Gewalt gegen Frauen und Männer ist ihr Bindeglied. Zusammenstellung für diese Demo."
        ),
    },
]

# --- Organisations ------------------------------------------------------------------


def _org(slug: str, name: str, kind: str, city: str = "", description: str = "",
         networks: tuple[str, ...] = (), website: str = "") -> dict[str, Any]:
    return {"slug": slug, "name": name, "kind": kind, "city": city, "description": description,
            "networks": networks, "website": website}


WEACT_ORG = "Eine der tragenden Organisationen von weact. "
NO_SITE = "Welchen Standort sie trägt, nennt die Quelle nicht."
EXAMPLE_CARRIER = "Beispieldaten: Die Quellen nennen den Träger nicht."

ORGANISATIONS = [
    _org("backup-comeback", "Backup – ComeBack e.V.", K.CARRIER, "Dortmund", (
        "Westfälischer Verein für die offensive Auseinandersetzung mit dem Rechtsextremismus "
        "e.V., gegründet im Juni 2013 in Hamm; trägt seit Januar 2014 die beiden getrennt "
        "arbeitenden Beratungseinrichtungen BackUp und ComeBack. Finanziert durch Fördermittel "
        "des Landes NRW und der Stadt Dortmund, Sponsoren- und Spendengelder."
    ), ("landesnetzwerk-nrw", "vbrg")),
    _org("ibis", "IBIS – Interkulturelle Arbeitsstelle für Forschung, Dokumentation, Bildung "
         "und Beratung e.V.", K.CARRIER, "Düsseldorf",
         "Träger der Opferberatung Rheinland (nicht aus den Quellen dieser Demo belegt).",
         ("landesnetzwerk-nrw", "vbrg")),
    *(
        _org(f"traeger-mobile-beratung-{key}",
             f"Träger der Mobilen Beratung im Regierungsbezirk {name} (Beispiel)",
             K.CARRIER, "", EXAMPLE_CARRIER, ("landesnetzwerk-nrw",))
        for key, name in [
            ("arnsberg", "Arnsberg"), ("detmold", "Detmold"), ("muenster", "Münster"),
            ("duesseldorf", "Düsseldorf"), ("koeln", "Köln"),
        ]
    ),
    _org("nemo", "Bundesverband Netzwerke von Migrant*innenorganisationen e.V. (NeMO)",
         K.UMBRELLA, "", (
             "Dachverband von über 750 Vereinen in 21 Verbünden, aktiv in zehn Bundesländern, "
             "seit Januar 2014. Dachverband des weact-Netzwerks."
         ), ("weact",)),
    _org("zam-augsburg", "Zusammenschluss Augsburger Migranten(selbst) Organisationen e.V. (ZAM)",
         K.CARRIER, "Augsburg", WEACT_ORG + "Trägt den Standort Augsburg (nach dem Namen).",
         ("weact",)),
    _org("binemo", "Bielefelder Netzwerk der Migrantenorganisationen e.V. (BiNeMO)", K.CARRIER,
         "Bielefeld", WEACT_ORG + "Trägt den Standort Bielefeld (nach dem Namen).", ("weact",)),
    _org("bonem", "Bochumer Netzwerk Migrantenorganisationen e.V. (Bonem)", K.CARRIER, "Bochum",
         WEACT_ORG + "Trägt den Standort Bochum (nach dem Namen).", ("weact",)),
    _org("kvmo", "Kölner Verbund der Migrantenorganisationen e.V. (KVMO)", K.CARRIER, "Köln",
         WEACT_ORG + "Trägt den Standort Köln (nach dem Namen).", ("weact",)),
    _org("haus-der-kulturen-braunschweig", "Haus der Kulturen Braunschweig e.V.", K.CARRIER,
         "Braunschweig", WEACT_ORG + "Trägt den Standort Braunschweig (nach dem Namen).",
         ("weact",)),
    _org("miso-hannover", "MigrantInnenSelbstOrganisationen Netzwerk Hannover e.V. (MiSO)",
         K.CARRIER, "Hannover", WEACT_ORG + "Trägt den Standort Hannover (nach dem Namen).",
         ("weact",)),
    _org("agaby", "Arbeitsgemeinschaft der Ausländer-, Migranten- und Integrationsbeiräte "
         "Bayerns e.V. (AGABY)", K.CARRIER, "", WEACT_ORG + "Landesweit in Bayern; " + NO_SITE,
         ("weact",)),
    _org("interkulturelle-begegnungsstaette", "Interkulturelle Begegnungsstätte e.V. – Haus der "
         "Kulturen", K.CARRIER, "", WEACT_ORG + NO_SITE, ("weact",)),
    _org("prisma-queer-migrants", "Prisma Queer Migrants e.V.", K.CARRIER, "",
         WEACT_ORG + NO_SITE, ("weact",)),
    _org("hildegard-lagrenne-stiftung", "Hildegard Lagrenne Stiftung für Bildung, Inklusion und "
         "Teilhabe von Sinti und Roma in Deutschland", K.CARRIER, "", WEACT_ORG + NO_SITE,
         ("weact",)),
    _org("sinti-union-sh", "Sinti Union Schleswig-Holstein e.V.", K.CARRIER, "",
         WEACT_ORG + NO_SITE, ("weact",)),
    _org("haus-afrika", "Haus Afrika e.V.", K.CARRIER, "", WEACT_ORG + NO_SITE, ("weact",)),
    _org("mkw-nrw", "Ministerium für Kultur und Wissenschaft des Landes Nordrhein-Westfalen",
         K.MINISTRY, "Düsseldorf", (
             "Fördert laut Quelle die Beratungsarbeit von BackUp. Hier als Sitz der LKS gegen "
             "Rechtsextremismus und Rassismus eingetragen; das sagen die Quellen nicht ausdrücklich."
         )),
    _org("gleichstellungsministerium-nrw", "Für Gleichstellung zuständiges Ministerium des "
         "Landes Nordrhein-Westfalen", K.MINISTRY, "Düsseldorf", (
             "Die Landeskoordinierungsstelle wurde im Juli 2018 als Projektgruppe in der Abteilung "
             "Gleichstellung des damaligen Ministeriums für Heimat, Kommunales, Bau und "
             "Gleichstellung eingerichtet. Welches Ministerium heute zuständig ist, nennt die "
             "Quelle nicht."
         ), ("gewaltschutz-nrw",)),
    _org("bafza", "Bundesamt für Familie und zivilgesellschaftliche Aufgaben (BAFzA)",
         K.PUBLIC_AUTHORITY, "Köln", "Betreibt die bundesweiten Hilfetelefone."),
    _org("beispieltraeger-gewaltschutz", "Beispielträger Gewaltschutz e.V. (Beispiel)", K.CARRIER,
         "", EXAMPLE_CARRIER + " Trägt in dieser Demo alle Beratungsstellen bei häuslicher Gewalt.",
         ("gewaltschutz-nrw",)),
    _org("traeger-maennerhilfetelefon", "Träger des Hilfetelefons Gewalt an Männern (Beispiel)",
         K.CARRIER, "", EXAMPLE_CARRIER, ("gewaltschutz-nrw",)),
    _org("traeger-maennerschutz-nrw", "Träger der Männerschutzwohnungen NRW (Beispiel)",
         K.CARRIER, "", EXAMPLE_CARRIER, ("gewaltschutz-nrw",)),
    _org("polizei-dortmund", "Polizeipräsidium Dortmund", K.PUBLIC_AUTHORITY, "Dortmund",
         "Verweist Betroffene an Beratungsstellen (Persona Paul)."),
]

# --- Centres ---------------------------------------------------------------------------

RIGHT_WING = ["right_wing_violence", "racism", "antisemitism"]
VICTIM_GROUPS = ["affected", "witnesses", "relatives"]
VICTIM_CHANNELS = ["phone", "email", "in_person", "outreach", "anonymous"]
WEACT_CHANNELS = ["phone", "in_person", "anonymous", "video", "email", "chat", "outreach"]
WESTPHALIA_LIPPE = ["059", "057", "055"]

VICTIM_TEXT = (
    "Berät und begleitet Menschen, die zum Ziel rechtsextremer, rassistischer und "
    "antisemitischer Angriffe, Bedrohungen oder Einschüchterungen geworden sind, dazu Zeug*innen, "
    "Angehörige und das Umfeld. Die Beratenden kommen auf Wunsch an den Wohnort oder einen Ort "
    "der Wahl, vermitteln Ärzt*innen, Anwält*innen, Psycholog*innen und Dolmetscher*innen und "
    "begleiten zu Polizei und Gericht. Kostenlos, auf Wunsch anonym und unabhängig von einer "
    "Strafanzeige; parteilich auf der Seite der Betroffenen."
)
MOBILE_TEXT = (
    "Mobile Beratung gegen Rechtsextremismus: berät Kommunen, Schulen, Vereine, Initiativen, "
    "Eltern und Unternehmen, die vor Ort mit Rechtsextremismus und Rassismus zu tun haben – "
    "Situationsanalyse, Vereinbarung, Umsetzung und Auswertung, dazu Bildungsveranstaltungen. "
    "Eine von fünf Mobilen Beratungsstellen in NRW, je eine pro Regierungsbezirk, gefördert über "
    "die LKS."
)
WEACT_TEXT = (
    "Community-basierte, rassismuskritische Anlauf- und Beratungsstelle im Netzwerk weact: "
    "kostenfreie Erst- und Verweisberatung – die niedrigschwellige Einstiegsunterstützung – für "
    "Menschen, die von Rassismus oder (Mehrfach-)Diskriminierung getroffen sind. Machtkritisch, "
    "intersektional, parteiisch und vertraulich: Was du mit uns teilst, bleibt in unseren "
    "Räumen; wir werden nur tätig, wenn du es möchtest. Bei Bedarf in der Sprache deiner Wahl – "
    "welche Sprachen angeboten werden, nennt die Quelle nicht."
)
DOMESTIC_TEXT = (
    "Nach einem Polizeieinsatz wegen häuslicher Gewalt kann die Polizei die gewalttätige Person "
    "für zehn Tage aus der Wohnung verweisen (§ 34a Polizeigesetz NRW). Mit Ihrem Einverständnis "
    "gibt die Polizei Name, Anschrift und Telefonnummer an die Beratungsstelle weiter, die sich "
    "dann von sich aus bei Ihnen meldet (pro-aktiver Ansatz). Die Beratung hilft bei "
    "Schutzanordnungen nach dem Gewaltschutzgesetz und bei der Sicherheitsplanung. "
    "Dies ist ein Beispieleintrag: Name und Kontaktdaten sind erfunden."
)


def _centre(slug: str, name: str, type_: str, carrier: str, **fields: Any) -> dict[str, Any]:
    example_contact = fields.pop("example_contact", True)
    defaults = {
        "nationwide": False, "service_area_note": "", "topics": [], "target_groups": [],
        "languages": [], "channels": [], "phone": "", "email": "", "website": "", "street": "",
        "postcode": "", "city": "", "opening_hours_note": "", "is_published": True,
        "description": "",
    }
    if example_contact:
        defaults.update(phone=EXAMPLE_PHONE, email=f"{slug}@example.org")
    defaults.update(contact_is_example=example_contact)
    areas = {key: fields.pop(key, []) for key in ("states", "regions", "districts", "networks")}
    hours = fields.pop("hours", [])
    defaults.update(fields)
    return {"slug": slug, "name": name, "type": type_, "carrier": carrier, "fields": defaults,
            "hours": hours, **areas}


def _mobile(key: str, name: str, ags: str) -> dict[str, Any]:
    return _centre(
        f"mobile-beratung-{key}", f"Mobile Beratung gegen Rechtsextremismus im Regierungsbezirk {name}",
        T.MOBILE_COUNSELLING, f"traeger-mobile-beratung-{key}", regions=[ags],
        networks=["landesnetzwerk-nrw"], description=MOBILE_TEXT,
        topics=["community", "prevention", "right_wing_violence", "racism"],
        target_groups=["organisations", "professionals"],
        channels=["phone", "email", "in_person", "outreach"],
    )


def _weact(key: str, city: str, carrier: str, district: str, state_note: str = "") -> dict[str, Any]:
    description = WEACT_TEXT + ("" if carrier != "nemo" else " " + CARRIER_UNKNOWN) + state_note
    nrw = district.startswith("05")
    return _centre(
        f"weact-{key}", f"weact {city}", T.ANTIDISCRIMINATION_COUNSELLING, carrier,
        districts=[district], networks=["weact"], service_area_note=AREA_ASSUMED, city=city,
        description=description, topics=["racism", "discrimination"], target_groups=["affected"],
        channels=WEACT_CHANNELS, hours=EXAMPLE_HOURS if nrw else [],
        opening_hours_note=EXAMPLE_HOURS_NOTE if nrw else "",
    )


def _domestic(key: str, city: str, district: str) -> dict[str, Any]:
    return _centre(
        f"haeusliche-gewalt-{key}", f"Beratungsstelle bei häuslicher Gewalt {city} (Beispiel)",
        T.DOMESTIC_VIOLENCE_COUNSELLING, "beispieltraeger-gewaltschutz", districts=[district],
        networks=["gewaltschutz-nrw"], city=city, description=DOMESTIC_TEXT,
        topics=["domestic_violence"], target_groups=["affected", "women", "men"],
        languages=["de"], channels=["phone", "in_person", "email"], hours=EXAMPLE_HOURS,
        opening_hours_note=EXAMPLE_HOURS_NOTE,
    )


CENTRES = [
    _centre("backup", "BackUp", T.VICTIM_COUNSELLING, "backup-comeback", case_reference_prefix="BU",
            regions=WESTPHALIA_LIPPE, networks=["landesnetzwerk-nrw", "vbrg"], city="Dortmund",
            description="Seit 2011 zuständig für Westfalen-Lippe. " + VICTIM_TEXT,
            service_area_note="Westfalen-Lippe: Regierungsbezirke Arnsberg, Detmold und Münster.",
            topics=RIGHT_WING, target_groups=VICTIM_GROUPS, languages=["de"],
            channels=VICTIM_CHANNELS, hours=EXAMPLE_HOURS, opening_hours_note=EXAMPLE_HOURS_NOTE),
    _centre("opferberatung-rheinland", "Opferberatung Rheinland", T.VICTIM_COUNSELLING, "ibis",
            case_reference_prefix="OR",
            regions=["051", "053"], networks=["landesnetzwerk-nrw", "vbrg"], city="Düsseldorf",
            description="Zuständig für das Rheinland. " + VICTIM_TEXT,
            service_area_note="Rheinland: Regierungsbezirke Düsseldorf und Köln.",
            topics=RIGHT_WING, target_groups=VICTIM_GROUPS, languages=["de"],
            channels=VICTIM_CHANNELS, hours=EXAMPLE_HOURS, opening_hours_note=EXAMPLE_HOURS_NOTE),
    _centre("comeback", "ComeBack", T.EXIT_COUNSELLING, "backup-comeback", case_reference_prefix="CB",
            regions=WESTPHALIA_LIPPE, networks=["landesnetzwerk-nrw"],
            description=(
                "Zivilgesellschaftliche Ausstiegsberatung: Hilfe für Menschen, die die "
                "rechtsextreme Szene verlassen wollen, und Alternativen für Sympathisierende und "
                "Mitläufer*innen vor dem Einstieg. Vertraulich."
            ),
            service_area_note="Westfalen-Lippe (Annahme nach dem Träger).",
            topics=["exit"], target_groups=["leavers"], languages=["de"],
            channels=["phone", "email", "in_person"]),
    _mobile("arnsberg", "Arnsberg", "059"),
    _mobile("detmold", "Detmold", "057"),
    _mobile("muenster", "Münster", "055"),
    _mobile("duesseldorf", "Düsseldorf", "051"),
    _mobile("koeln", "Köln", "053"),
    _weact("bielefeld", "Bielefeld", "binemo", "05711"),
    _weact("bochum", "Bochum", "bonem", "05911"),
    _weact("koeln", "Köln", "kvmo", "05315"),
    _weact("muenster", "Münster", "nemo", "05515"),
    _weact("augsburg", "Augsburg", "zam-augsburg", "09761"),
    _weact("nuernberg", "Nürnberg", "nemo", "09564"),
    _weact("muenchen", "München", "nemo", "09162"),
    _weact("braunschweig", "Braunschweig", "haus-der-kulturen-braunschweig", "03101"),
    _weact("hannover", "Hannover", "miso-hannover", "03241"),
    _weact("bensheim", "Bensheim", "nemo", "06431"),
    _weact("mannheim", "Mannheim", "nemo", "08222"),
    _domestic("dortmund", "Dortmund", "05913"),
    _domestic("bochum", "Bochum", "05911"),
    _domestic("duesseldorf", "Düsseldorf", "05111"),
    _domestic("koeln", "Köln", "05315"),
    _domestic("bielefeld", "Bielefeld", "05711"),
    _domestic("muenster", "Münster", "05515"),
    _centre("maennerhilfetelefon", "Hilfetelefon Gewalt an Männern", T.HELPLINE,
            "traeger-maennerhilfetelefon", example_contact=False, phone="0800 123 99 00",
            states=["05"], networks=["gewaltschutz-nrw"],
            description=(
                "Telefonische Beratung für Männer, die Gewalt erfahren, etwa häusliche Gewalt. "
                "Vom Land NRW gefördert; das Angebot wird von mehreren Ländern getragen, "
                "hier ist nur Nordrhein-Westfalen eingetragen."
            ),
            service_area_note="Weitere Länder beteiligt; eingetragen ist nur NRW.",
            topics=["domestic_violence"], target_groups=["men", "affected"], languages=["de"],
            channels=["phone"]),
    _centre("maennerschutz-nrw", "Männerschutzwohnungen NRW", T.MENS_PROTECTION,
            "traeger-maennerschutz-nrw", example_contact=False, states=["05"],
            networks=["gewaltschutz-nrw"],
            description=(
                "Geschützte Wohnungen für Männer, die Gewalt erfahren; Aufenthalt bis zu drei "
                "Monate. Vom Land NRW gefördert. Die Adressen der Wohnungen sind vertraulich."
            ),
            topics=["domestic_violence"], target_groups=["men", "affected"]),
    _centre("hilfetelefon-gewalt-gegen-frauen", "Hilfetelefon „Gewalt gegen Frauen“", T.HELPLINE,
            "bafza", example_contact=False, nationwide=True, phone="116 016",
            website="https://www.hilfetelefon.de",
            description=(
                "Bundesweites Beratungsangebot für Frauen, die Gewalt erleben oder erlebt haben, "
                "für Angehörige, Freundinnen und Freunde und für Fachkräfte: kostenlos, anonym, "
                "in vielen Sprachen, auch in Leichter Sprache und Gebärdensprache."
            ),
            opening_hours_note="Rund um die Uhr erreichbar, an 365 Tagen im Jahr.",
            topics=["domestic_violence", "sexualised_violence"],
            target_groups=["women", "affected", "relatives", "professionals"],
            languages=["de", "de-ls", "gsg", "en", "tr", "ar", "fa", "ru", "pl", "ro", "bg", "fr",
                       "es", "it", "pt", "sq", "bs", "vi", "zh"],
            channels=["phone", "chat", "email"]),
    _centre("hilfetelefon-schwangere", "Hilfetelefon Schwangere in Not", T.HELPLINE, "bafza",
            example_contact=False, nationwide=True, phone="0800 40 40 020",
            description=(
                "Bundesweit, kostenlos und anonym: Beratung für Schwangere in Not- und "
                "Konfliktlagen, auch zur vertraulichen Geburt."
            ),
            opening_hours_note="Rund um die Uhr erreichbar.",
            target_groups=["women"], languages=["de"], channels=["phone"]),
    _centre("lks-nrw", "Landeskoordinierungsstelle gegen Rechtsextremismus und Rassismus NRW (LKS)",
            T.COORDINATION, "mkw-nrw", states=["05"],
            description=(
                "2008 eingerichtet, bundesweit vernetzt und Teil des Bundesprogramms „Demokratie "
                "leben!“. Verantwortlich für das Integrierte Handlungskonzept gegen "
                "Rechtsextremismus und Rassismus; koordiniert und steuert das Landesnetzwerk gegen "
                "Rechtsextremismus. Fördert fünf Mobile Beratungsstellen, zwei Opferberatungsstellen "
                "und eine Ausstiegsberatung, betreut das kommunale Förderprogramm „NRWeltoffen“ "
                "(24 Kreise und kreisfreie Städte, höchstens 72.100 Euro im Jahr) und vernetzt die "
                "„Partnerschaften für Demokratie“ in NRW."
            ),
            topics=["prevention"], target_groups=["organisations", "professionals"],
            channels=["phone", "email"]),
    _centre("lks-gewalt-nrw",
            "Landeskoordinierungsstelle zur Bekämpfung von Gewalt gegen Frauen und Männer NRW",
            T.COORDINATION, "gleichstellungsministerium-nrw", states=["05"],
            description=(
                "Seit Juli 2018. Organisiert den Austausch zwischen Behörden und Institutionen, ist "
                "Bindeglied zu den Beratungsstellen bei häuslicher Gewalt mit pro-aktivem Ansatz, "
                "unterstützt lokale Interventionsketten, sammelt Best-Practice-Beispiele, begleitet "
                "die Landesaktionspläne gegen Gewalt und fördert Männerschutzwohnungen, das "
                "Männerhilfetelefon, das Opferschutzportal NRW und die Täterarbeit."
            ),
            topics=["domestic_violence", "prevention"],
            target_groups=["organisations", "professionals"], channels=["phone", "email"]),
]


# --- Loading ------------------------------------------------------------------------------


def load_demo_network() -> None:
    """Creates or updates the demo organisations, centres and networks."""
    if not getattr(settings, "DEMO_ALLOWED", False):
        raise DemoDataError("The demo network is never loaded in production.")
    regions = _region_index()
    with transaction.atomic():
        networks = {item["slug"]: _save_network(item) for item in NETWORKS}
        organisations = {item["slug"]: _save_organisation(item, networks) for item in ORGANISATIONS}
        centres = {item["slug"]: _save_centre(item, organisations, networks, regions)
                   for item in CENTRES}
        for item in NETWORKS:
            coordinator = centres[item["coordinator"]] if item["coordinator"] else None
            Network.objects.filter(slug=item["slug"]).update(coordinated_by=coordinator)


def _region_index() -> dict[str, dict[str, Any]]:
    """The regions the demo refers to, by AGS; fails clearly when they are not loaded."""
    if not District.objects.exists():
        raise DemoDataError(
            "The region tables are empty. Run `manage.py migrate` (it loads the Länder, "
            "Regierungsbezirke and Kreise from data/regions/) before loading the demo network."
        )
    index: dict[str, dict[str, Any]] = {
        "states": {s.ags: s for s in State.objects.all()},
        "regions": {r.ags: r for r in AdministrativeRegion.objects.all()},
        "districts": {d.ags: d for d in District.objects.all()},
    }
    missing = [
        ags
        for kind, keys in (("states", REQUIRED_STATES), ("regions", REQUIRED_REGIONS),
                           ("districts", REQUIRED_DISTRICTS))
        for ags in keys
        if ags not in index[kind]
    ]
    if missing:
        raise DemoDataError(
            f"The region data are incomplete (missing AGS {', '.join(missing)}). "
            "Run `manage.py migrate` to load data/regions/ before loading the demo network."
        )
    return index


def _save_network(item: dict[str, Any]) -> Network:
    network, _created = Network.objects.update_or_create(
        slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
    )
    return network


def _save_organisation(item: dict[str, Any], networks: dict[str, Network]) -> Organisation:
    fields = {key: item[key] for key in ("name", "kind", "city", "description", "website")}
    organisation, _created = Organisation.objects.update_or_create(slug=item["slug"], defaults=fields)
    organisation.networks.set([networks[slug] for slug in item["networks"]])
    return organisation


def _save_centre(item: dict[str, Any], organisations: dict[str, Organisation],
                 networks: dict[str, Network], regions: dict[str, dict[str, Any]]) -> Centre:
    fields = {**item["fields"], "name": item["name"], "type": item["type"],
              "organisation": organisations[item["carrier"]]}
    centre, _created = Centre.objects.update_or_create(slug=item["slug"], defaults=fields)
    centre.full_clean()  # the code lists are validated on the model, not by the database
    centre.states.set(_known(regions["states"], item["states"]))
    centre.administrative_regions.set(_known(regions["regions"], item["regions"]))
    # Outside NRW a Kreis may be missing from partial region data; the centre then has no area.
    centre.districts.set(_known(regions["districts"], item["districts"]))
    centre.networks.set([networks[slug] for slug in item["networks"]])
    _save_opening_hours(centre, item["hours"])
    return centre


def _known(index: dict[str, Any], keys: list[str]) -> list[Any]:
    return [index[ags] for ags in keys if ags in index]


def _save_opening_hours(centre: Centre, hours: list[tuple[int, int, int]]) -> None:
    """Replaces the rows only when they differ, so a second run leaves them untouched."""
    wanted = {(day, time(opens), time(closes)) for day, opens, closes in hours}
    current = set(centre.opening_hours.values_list("weekday", "opens", "closes"))
    if wanted == current:
        return
    centre.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(centre=centre, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in sorted(wanted)
    )
