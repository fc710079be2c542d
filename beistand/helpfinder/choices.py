"""The help finder's questions and their answers. Codes are stable (the JSON API uses them);
labels are translated and written in plain words for people in a hard moment."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    ATTACK = "attack", _("Attacked, threatened or insulted")
    DISCRIMINATION = "discrimination", _("Treated unfairly")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Violence at home")
    EXIT = "exit", _("Leaving the far-right scene")
    COMMUNITY = "community", _("Far-right activity nearby worries us")


# One sentence under each situation, so that people recognise what happened to them.
SITUATION_HINTS = {
    Situation.ATTACK: _(
        "Because of who you are or what you stand for: your origin, skin colour, religion, "
        "sexual orientation, disability or political views."
    ),
    Situation.DISCRIMINATION: _(
        "At work, when renting a flat, at an authority, in a shop, by the police …"
    ),
    Situation.DOMESTIC_VIOLENCE: _("By a partner, a former partner or someone in your family."),
    Situation.EXIT: _("You want to get out of the far-right scene and need someone to talk to."),
    Situation.COMMUNITY: _("In your town, school, club or workplace."),
}


class Who(models.TextChoices):
    """Who is asking. The codes are those of the directory's target groups (network.choices)."""

    AFFECTED = "affected", _("It happened to me")
    WITNESSES = "witnesses", _("I saw it happen")
    RELATIVES = "relatives", _("It happened to someone close to me")
    PROFESSIONALS = "professionals", _("I am asking for my work")


class Contact(models.TextChoices):
    """How the person would like to be in touch; `in_person` is met by the centre's
    office or by counsellors who come to a place the person chooses (`outreach`)."""

    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("Meeting in person, also at a place I choose")
    VIDEO = "video", _("Video call")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    ANONYMOUS = "anonymous", _("Writing anonymously")


class Priority(models.IntegerChoices):
    FIRST = 1, _("Responsible: shown first")
    ALSO = 2, _("Also responsible")
    FURTHER = 3, _("Further help: shown after the responsible centres")


# The centre channels that satisfy each contact preference.
CHANNELS_FOR_CONTACT: dict[str, tuple[str, ...]] = {
    Contact.PHONE: ("phone",),
    Contact.IN_PERSON: ("in_person", "outreach"),
    Contact.VIDEO: ("video",),
    Contact.EMAIL: ("email",),
    Contact.CHAT: ("chat",),
    Contact.ANONYMOUS: ("anonymous",),
}

EMERGENCY_NUMBERS = [
    ("110", _("Police")),
    ("112", _("Fire brigade and ambulance")),
]
