"""Fixed code lists of case work. Codes are stable; labels are translated.

The incident classifications that the field revises (motives, offences, RIAS
types, discrimination grounds, areas of life) are not here: they are
configurable and versioned per network (models/codes.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    VICTIM_COUNSELLING = "victim", _("Individual victim counselling")
    FIRST_CONTACT = "first_contact", _("First-contact and referral counselling")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence counselling")
    DOMESTIC_VIOLENCE_PROACTIVE = "domestic_violence_proactive", _("Domestic violence, proactive after a police deployment")
    EXIT = "exit", _("Exit counselling")
    MOBILE = "mobile", _("Mobile counselling process with a client organisation")


class CaseStatus(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    CLOSED = "closed", _("Closed")


class AccessChannel(models.TextChoices):
    SELF_REFERRAL = "self", _("Self-referral")
    POLICE_REFERRAL = "police", _("Police referral")
    REFERRAL_BY_OTHERS = "others", _("Referral by others")
    OWN_RESEARCH = "research", _("Own research")
    ONLINE = "online", _("Online")


class ProtectionLevel(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High: only assigned counsellors and the centre lead, every opening with a reason")


class RiskLevel(models.TextChoices):
    UNKNOWN = "unknown", _("Not assessed")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class AgeBand(models.TextChoices):
    CHILD = "child", _("Child (0–13)")
    YOUTH = "youth", _("Young person (14–18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Unknown")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    DIVERSE = "diverse", _("Diverse / other")
    UNKNOWN = "unknown", _("Unknown")


class PersonRole(models.TextChoices):
    DIRECTLY_AFFECTED = "affected", _("Directly affected")
    WITNESS = "witness", _("Witness")
    RELATIVE = "relative", _("Relative")
    BEREAVED = "bereaved", _("Bereaved")
    SUPPORTER = "supporter", _("Supporter")
    CLIENT_ORGANISATION = "client_organisation", _("Client organisation")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    CONVERSATION = "conversation", _("Anonymous conversation")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class PerpetratorRelation(models.TextChoices):
    UNKNOWN_TO_VICTIM = "stranger", _("Unknown to the affected person")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    NEIGHBOUR = "neighbour", _("Neighbour")
    COLLEAGUE = "colleague", _("Colleague or fellow student")
    PARTNER = "partner", _("(Former) partner")
    FAMILY = "family", _("Family member")
    OFFICIAL = "official", _("Official (e.g. police, authority)")
    UNKNOWN = "unknown", _("Unknown")


class IncidentSource(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    POLICE = "police", _("Police")
    PRESS = "press", _("Press")
    PARTNER = "partner", _("Partner organisation")
    OTHER = "other", _("Other")


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    PLAUSIBLE = "plausible", _("Plausible")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Does not count")


class SessionMode(models.TextChoices):
    OFFICE = "office", _("At the office")
    OUTREACH_HOME = "outreach_home", _("Outreach: at home")
    OUTREACH_PLACE = "outreach_place", _("Outreach: at a place the person chose")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat or anonymous conversation")

    @classmethod
    def outreach(cls) -> set[str]:
        return {cls.OUTREACH_HOME, cls.OUTREACH_PLACE}


class AccompanimentKind(models.TextChoices):
    POLICE = "police", _("Police")
    COURT = "court", _("Court hearing")
    DOCTOR = "doctor", _("Doctor")
    AUTHORITY = "authority", _("Authority")
    LAWYER = "lawyer", _("Lawyer")
    OTHER = "other", _("Other")


class ProceedingRole(models.TextChoices):
    JOINT_PLAINTIFF = "joint_plaintiff", _("Joint plaintiff")
    WITNESS = "witness", _("Witness")
    CLAIMANT = "claimant", _("Claimant")
    APPLICANT = "applicant", _("Applicant (e.g. protection order)")
    DEFENDANT = "defendant", _("Defendant")
    OTHER = "other", _("Other")


class ReferralPurpose(models.TextChoices):
    LEGAL = "legal", _("Legal advice and representation")
    MEDICAL = "medical", _("Medical care and documentation of injuries")
    PSYCHOLOGICAL = "psychological", _("Psychological or trauma therapy")
    INTERPRETING = "interpreting", _("Interpreting")
    VICTIMS_FUND = "victims_fund", _("Victims' funds and compensation")
    HOUSING = "housing", _("Housing and protection")
    SOCIAL = "social", _("Financial and social counselling")
    YOUTH_WELFARE = "youth_welfare", _("Youth welfare")
    MIGRATION = "migration", _("Migration and residence advice")
    SELF_HELP = "self_help", _("Self-help and community groups")
    OTHER = "other", _("Other")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    TAKEN_UP = "taken_up", _("Taken up")
    NOT_TAKEN_UP = "not_taken_up", _("Not taken up")
    UNKNOWN = "unknown", _("Unknown")


class DeadlineKind(models.TextChoices):
    AGG_CLAIM = "agg_claim", _("Claim under the AGG (2 months)")
    CRIMINAL_COMPLAINT = "criminal_complaint", _("Criminal complaint for an offence prosecuted on request (3 months)")
    REMOVAL_ORDER_END = "removal_order_end", _("End of the police removal order")
    HEARING = "hearing", _("Court hearing")
    TASK = "task", _("Task")


class ConsentPurpose(models.TextChoices):
    STORE = "store", _("Storing the counselling data")
    SHARE = "share", _("Sharing with a named partner")
    STATISTICS = "statistics", _("Anonymised statistics")
    CHRONICLE = "chronicle", _("Publication in the chronicle")
    CONTACT_PHONE = "contact_phone", _("Being contacted by phone")
    CONTACT_LETTER = "contact_letter", _("Being contacted by letter")


class ConsentForm(models.TextChoices):
    SPOKEN = "spoken", _("Spoken")
    WRITTEN = "written", _("Written")
    CONVERSATION = "conversation", _("In the anonymous conversation")


class DocumentKind(models.TextChoices):
    MEDICAL_CERTIFICATE = "medical", _("Medical certificate")
    PHOTO = "photo", _("Photo")
    MEMORY_PROTOCOL = "memory_protocol", _("Memory protocol")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    REFERRED = "referred", _("Referred on")
    CONTACT_ENDED = "contact_ended", _("Contact ended by the person")
    NO_CONTACT = "no_contact", _("Person could not be reached")
    NOT_RESPONSIBLE = "not_responsible", _("Not responsible")
    OTHER = "other", _("Other")


class ClosureOutcome(models.TextChoices):
    STABILISED = "stabilised", _("Situation stabilised")
    PARTLY = "partly", _("Partly improved")
    UNCHANGED = "unchanged", _("Unchanged")
    UNKNOWN = "unknown", _("Unknown")


class AccessReason(models.TextChoices):
    """Why a counsellor opens a case of high protection (recorded with the opening)."""

    COUNSELLING = "counselling", _("Ongoing counselling")
    FOUR_EYES = "four_eyes", _("Second counsellor (four-eyes principle)")
    SUPERVISION = "supervision", _("Supervision by the centre lead")
    DATA_REQUEST = "data_request", _("Request of the person (access, deletion)")
    CLOSURE = "closure", _("Closure or deletion")
