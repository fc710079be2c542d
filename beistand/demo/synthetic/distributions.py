"""How often what happens in the synthetic data: weights after the published figures.

The field's statistics (domain.md) are the source: the VBRG monitoring (2023
nationally: 2,589 attacks, 3,384 directly affected, 585 of them minors; NRW
2024: 526 attacks, 267 of them racist), and the shares its annual reports
give for motives and offences (racism about half, then political opponents,
antisemitism, LGBTIQ*-hostility; most attacks are bodily harm or threats).
Numbers are weights, not percentages; they need not add up to 100.
Everything else (sessions per case, modes, languages) is a plausible guess
for a counselling centre, chosen so that the load looks like real work.
"""

from __future__ import annotations

from beistand.cases.choices import (
    AccessChannel,
    AccompanimentKind,
    AgeBand,
    CaseKind,
    CaseStatus,
    ClosureOutcome,
    ClosureReason,
    Gender,
    IncidentSource,
    PerpetratorRelation,
    PersonRole,
    ReferralOutcome,
    ReferralPurpose,
    SessionMode,
    VerificationStatus,
    YesNoUnknown,
)
from beistand.network.choices import CentreType

Weights = dict[str, float]

# Motive codes of the default list (cases/default_codes.py). NRW 2024: 267 of 526 racist.
MOTIVES: Weights = {
    "racism": 51,
    "political_opponents": 13,
    "antisemitism": 9,
    "queer_hostility": 8,
    "non_right": 5,
    "unclear": 4,
    "social_darwinism_homeless": 2,
    "antiziganism": 2,
    "conspiracy": 2,
    "other": 1.5,
    "social_darwinism_disability": 1,
    "misogyny": 1,
    "antislavism": 0.5,
}
# Of the attacks on political opponents, the share on journalists (a sub-count).
JOURNALIST_SHARE = 0.12
# Attacks with a second motive (e.g. racism and misogyny).
SECOND_MOTIVE_SHARE = 0.1

# Only the most serious offence counts; most attacks are bodily harm or threats.
OFFENCES: Weights = {
    "bodily_harm": 38,
    "coercion_threat": 30,
    "dangerous_bodily_harm": 22,
    "property_damage": 4,
    "other_violence": 4,
    "arson": 1,
    "attempted_homicide": 0.7,
    "homicide": 0.3,
}

# RIAS, for antisemitic incidents.
RIAS_TYPES: Weights = {
    "abusive_behaviour": 55, "threat": 12, "targeted_damage": 12, "assault": 8,
    "mass_mailing": 8, "assembly": 4, "extreme_violence": 1,
}
RIAS_BACKGROUNDS: Weights = {
    "unknown": 45, "right_wing_extremist": 20, "anti_israel": 15, "conspiracy": 10,
    "islamist": 6, "left": 4,
}

# First-contact and referral counselling (discrimination).
DISCRIMINATION_GROUNDS: Weights = {
    "ethnic_origin": 60, "religion": 12, "sex": 7, "language": 6, "disability": 4,
    "social_status": 4, "appearance": 3, "sexual_identity": 2, "age": 2,
}
LIFE_AREAS: Weights = {
    "authorities": 18, "work": 17, "housing": 15, "goods_services": 13, "education": 12,
    "police_justice": 8, "public_transport": 6, "health": 5, "leisure": 4, "media_internet": 2,
}

# Directly affected persons. 2023: 585 of 3,384 were children or young people (17 %).
AGE_BANDS: Weights = {AgeBand.ADULT: 74, AgeBand.YOUTH: 11, AgeBand.CHILD: 6, AgeBand.UNKNOWN: 9}
GENDERS: Weights = {Gender.MALE: 55, Gender.FEMALE: 35, Gender.DIVERSE: 2, Gender.UNKNOWN: 8}
DV_GENDERS: Weights = {Gender.FEMALE: 80, Gender.MALE: 17, Gender.DIVERSE: 1, Gender.UNKNOWN: 2}
# Languages persons speak (first the one spoken with the counsellor).
LANGUAGES: Weights = {
    "de": 50, "ar": 10, "tr": 8, "en": 6, "ru": 5, "uk": 5, "fa": 4, "ku": 3, "pl": 2,
    "ro": 2, "ti": 1.5, "so": 1.5, "fr": 1, "bg": 1,
}
OTHER_ROLES: Weights = {
    PersonRole.WITNESS: 35, PersonRole.RELATIVE: 40, PersonRole.SUPPORTER: 20, PersonRole.BEREAVED: 5,
}

# Which kinds of counselling a centre of each type does.
KINDS_BY_CENTRE_TYPE: dict[str, Weights] = {
    CentreType.VICTIM_COUNSELLING: {CaseKind.VICTIM_COUNSELLING: 1},
    CentreType.EXIT_COUNSELLING: {CaseKind.EXIT: 1},
    CentreType.MOBILE_COUNSELLING: {CaseKind.MOBILE: 1},
    CentreType.ANTIDISCRIMINATION_COUNSELLING: {CaseKind.FIRST_CONTACT: 1},
    CentreType.DOMESTIC_VIOLENCE_COUNSELLING: {
        CaseKind.DOMESTIC_VIOLENCE_PROACTIVE: 60, CaseKind.DOMESTIC_VIOLENCE: 40,
    },
    CentreType.MENS_PROTECTION: {CaseKind.DOMESTIC_VIOLENCE: 1},
}
# How many cases a centre of each type has, relative to the others (default centres).
CASELOAD_BY_CENTRE_TYPE: Weights = {
    CentreType.VICTIM_COUNSELLING: 10, CentreType.DOMESTIC_VIOLENCE_COUNSELLING: 5,
    CentreType.MOBILE_COUNSELLING: 3, CentreType.ANTIDISCRIMINATION_COUNSELLING: 2,
    CentreType.EXIT_COUNSELLING: 1, CentreType.MENS_PROTECTION: 0.5,
}
# Kinds whose cases record incidents for the monitoring.
KINDS_WITH_INCIDENTS = {CaseKind.VICTIM_COUNSELLING, CaseKind.FIRST_CONTACT}

ACCESS_CHANNELS: dict[str, Weights] = {
    CaseKind.VICTIM_COUNSELLING: {
        AccessChannel.SELF_REFERRAL: 40, AccessChannel.REFERRAL_BY_OTHERS: 30,
        AccessChannel.OWN_RESEARCH: 15, AccessChannel.POLICE_REFERRAL: 8, AccessChannel.ONLINE: 7,
    },
    CaseKind.FIRST_CONTACT: {
        AccessChannel.SELF_REFERRAL: 50, AccessChannel.REFERRAL_BY_OTHERS: 30, AccessChannel.ONLINE: 20,
    },
    CaseKind.DOMESTIC_VIOLENCE_PROACTIVE: {AccessChannel.POLICE_REFERRAL: 1},
    CaseKind.DOMESTIC_VIOLENCE: {
        AccessChannel.SELF_REFERRAL: 60, AccessChannel.REFERRAL_BY_OTHERS: 30, AccessChannel.ONLINE: 10,
    },
    CaseKind.EXIT: {AccessChannel.SELF_REFERRAL: 60, AccessChannel.REFERRAL_BY_OTHERS: 40},
    CaseKind.MOBILE: {AccessChannel.SELF_REFERRAL: 70, AccessChannel.REFERRAL_BY_OTHERS: 30},
}

# Status of a case by how long ago it was opened (older cases are mostly closed).
STATUS_RECENT: Weights = {CaseStatus.ACTIVE: 55, CaseStatus.ENQUIRY: 25, CaseStatus.CLOSED: 15, CaseStatus.DORMANT: 5}
STATUS_OLDER: Weights = {CaseStatus.CLOSED: 75, CaseStatus.ACTIVE: 12, CaseStatus.DORMANT: 13}
CLOSURE_REASONS: Weights = {
    ClosureReason.GOALS_REACHED: 40, ClosureReason.REFERRED: 20, ClosureReason.CONTACT_ENDED: 15,
    ClosureReason.NO_CONTACT: 15, ClosureReason.NOT_RESPONSIBLE: 5, ClosureReason.OTHER: 5,
}
CLOSURE_OUTCOMES: Weights = {
    ClosureOutcome.STABILISED: 45, ClosureOutcome.PARTLY: 30, ClosureOutcome.UNCHANGED: 10,
    ClosureOutcome.UNKNOWN: 15,
}

# Mean sessions per case by kind (the count is drawn around it); exit cases run for years.
MEAN_SESSIONS: Weights = {
    CaseKind.VICTIM_COUNSELLING: 4, CaseKind.FIRST_CONTACT: 2, CaseKind.DOMESTIC_VIOLENCE_PROACTIVE: 3,
    CaseKind.DOMESTIC_VIOLENCE: 4, CaseKind.EXIT: 14, CaseKind.MOBILE: 5,
}
SESSION_MODES: Weights = {
    SessionMode.OFFICE: 30, SessionMode.PHONE: 30, SessionMode.OUTREACH_HOME: 14,
    SessionMode.OUTREACH_PLACE: 9, SessionMode.VIDEO: 6, SessionMode.EMAIL: 6, SessionMode.CHAT: 5,
}
ACCOMPANIMENTS: Weights = {
    AccompanimentKind.POLICE: 35, AccompanimentKind.COURT: 25, AccompanimentKind.LAWYER: 15,
    AccompanimentKind.DOCTOR: 12, AccompanimentKind.AUTHORITY: 10, AccompanimentKind.OTHER: 3,
}
REFERRAL_PURPOSES: Weights = {
    ReferralPurpose.LEGAL: 30, ReferralPurpose.PSYCHOLOGICAL: 20, ReferralPurpose.MEDICAL: 10,
    ReferralPurpose.VICTIMS_FUND: 10, ReferralPurpose.INTERPRETING: 8, ReferralPurpose.MIGRATION: 7,
    ReferralPurpose.SOCIAL: 5, ReferralPurpose.HOUSING: 4, ReferralPurpose.SELF_HELP: 3,
    ReferralPurpose.YOUTH_WELFARE: 2, ReferralPurpose.OTHER: 1,
}
REFERRAL_OUTCOMES: Weights = {
    ReferralOutcome.TAKEN_UP: 55, ReferralOutcome.PENDING: 20, ReferralOutcome.NOT_TAKEN_UP: 10,
    ReferralOutcome.UNKNOWN: 15,
}
PERPETRATOR_RELATIONS: Weights = {
    PerpetratorRelation.UNKNOWN_TO_VICTIM: 60, PerpetratorRelation.NEIGHBOUR: 12,
    PerpetratorRelation.ACQUAINTANCE: 8, PerpetratorRelation.COLLEAGUE: 5,
    PerpetratorRelation.OFFICIAL: 3, PerpetratorRelation.UNKNOWN: 12,
}
REPORTED_TO_POLICE: Weights = {YesNoUnknown.YES: 55, YesNoUnknown.NO: 30, YesNoUnknown.UNKNOWN: 15}
ORGANISED: Weights = {YesNoUnknown.UNKNOWN: 70, YesNoUnknown.YES: 12, YesNoUnknown.NO: 18}
INCIDENT_SOURCES: Weights = {
    IncidentSource.COUNSELLING: 85, IncidentSource.PARTNER: 8, IncidentSource.POLICE: 4,
    IncidentSource.PRESS: 3,
}
VERIFICATIONS: Weights = {
    VerificationStatus.VERIFIED: 55, VerificationStatus.PLAUSIBLE: 30,
    VerificationStatus.UNVERIFIED: 13, VerificationStatus.REJECTED: 2,
}

# Shares of cases with: an accompaniment, a referral, an open deadline, a second person.
ACCOMPANIMENT_SHARE = 0.18
REFERRAL_SHARE = 0.3
DEADLINE_SHARE = 0.25
SECOND_PERSON_SHARE = 0.3
# Incidents recorded in two cases (e.g. two affected persons counselled separately).
SHARED_INCIDENT_SHARE = 0.04
