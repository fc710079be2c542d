"""Case work models; see each module's docstring."""

from beistand.cases.models.base import StaleEdit
from beistand.cases.models.care import Consent, Deadline, Document, Notice, NoticeKind
from beistand.cases.models.cases import Case, CaseCounter, CasePerson, Person, ProtectedOpening
from beistand.cases.models.codes import Code, CodeList, CodeMapping, CodeScheme
from beistand.cases.models.incidents import Incident
from beistand.cases.models.statistics import StatisticsIncident, StatisticsRecord
from beistand.cases.models.work import (
    Accompaniment,
    CounsellingSession,
    CourtProceeding,
    Hearing,
    Referral,
)

__all__ = [
    "Accompaniment", "Case", "CaseCounter", "CasePerson", "Code", "CodeList", "CodeMapping",
    "CodeScheme", "Consent", "CounsellingSession", "CourtProceeding", "Deadline", "Document",
    "Hearing", "Incident", "Notice", "NoticeKind", "Person", "ProtectedOpening", "Referral", "StaleEdit",
    "StatisticsIncident", "StatisticsRecord",
]
