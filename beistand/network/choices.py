"""Code lists of the network directory. Codes are stable; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreType(models.TextChoices):
    VICTIM_COUNSELLING = "victim_counselling", _("Victim counselling")
    EXIT_COUNSELLING = "exit_counselling", _("Exit counselling")
    MOBILE_COUNSELLING = "mobile_counselling", _("Mobile counselling")
    ANTIDISCRIMINATION_COUNSELLING = (
        "antidiscrimination_counselling",
        _("First-contact and referral counselling"),
    )
    DOMESTIC_VIOLENCE_COUNSELLING = "domestic_violence_counselling", _("Domestic violence counselling")
    MENS_PROTECTION = "mens_protection", _("Men's protection")
    HELPLINE = "helpline", _("Help line")
    COORDINATION = "coordination", _("Coordination office")


class Topic(models.TextChoices):
    RIGHT_WING_VIOLENCE = "right_wing_violence", _("Right-wing violence, threats and intimidation")
    RACISM = "racism", _("Racism")
    ANTISEMITISM = "antisemitism", _("Antisemitism")
    ANTIZIGANISM = "antiziganism", _("Antiziganism")
    QUEER_HOSTILITY = "queer_hostility", _("Hostility against LGBTIQ* people")
    DISCRIMINATION = "discrimination", _("Discrimination")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    SEXUALISED_VIOLENCE = "sexualised_violence", _("Sexualised violence")
    EXIT = "exit", _("Leaving the far-right scene")
    COMMUNITY = "community", _("Far-right activity in towns, schools and organisations")
    PREVENTION = "prevention", _("Prevention and education")


class TargetGroup(models.TextChoices):
    AFFECTED = "affected", _("Affected persons")
    WITNESSES = "witnesses", _("Witnesses")
    RELATIVES = "relatives", _("Relatives and friends")
    PROFESSIONALS = "professionals", _("Professionals")
    ORGANISATIONS = "organisations", _("Municipalities, schools, associations and initiatives")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    YOUNG_PEOPLE = "young_people", _("Children and young people")
    LGBTIQ = "lgbtiq", _("LGBTIQ* people")
    LEAVERS = "leavers", _("People who want to leave the far-right scene")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    OUTREACH = "outreach", _("Comes to you")
    VIDEO = "video", _("Video call")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    ANONYMOUS = "anonymous", _("Anonymous written contact")


class OrganisationKind(models.TextChoices):
    CARRIER = "carrier", _("Carrier association")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    MINISTRY = "ministry", _("Ministry or state office")
    UMBRELLA = "umbrella", _("Umbrella organisation")
    OTHER = "other", _("Other organisation")


# Languages in which counselling may be offered (ISO 639 codes). Wider than the
# interface languages: a centre may counsel in Tigrinya without the site being in it.
COUNSELLING_LANGUAGES = [
    ("de", _("German")),
    ("de-ls", _("German (Easy Language)")),
    ("gsg", _("German Sign Language")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("ku", _("Kurdish (Kurmanji)")),
    ("ckb", _("Kurdish (Sorani)")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("el", _("Greek")),
    ("sq", _("Albanian")),
    ("bs", _("Bosnian/Croatian/Serbian")),
    ("rom", _("Romani")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("ur", _("Urdu")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("he", _("Hebrew")),
]
COUNSELLING_LANGUAGE_CODES = {code for code, _label in COUNSELLING_LANGUAGES}


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


CODE_LISTS: dict[str, set[str]] = {
    "topics": {choice.value for choice in Topic},
    "target_groups": {choice.value for choice in TargetGroup},
    "languages": COUNSELLING_LANGUAGE_CODES,
    "channels": {choice.value for choice in Channel},
}
