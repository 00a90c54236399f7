"""The Regional Committee (RKRES) and the certifying chapter: rules of procedure, members, meetings,
resolutions and votes. A closed vote is immutable (services refuse, admin is read-only, and on PostgreSQL
database triggers refuse any change; see migration 0002).

Django finds the models through this module, which imports them all: committees, members, meetings and interests
(``members``), resolutions, votes, declarations and documents with ``RESOLUTION_WORKFLOW`` (``resolutions``), the
members' survey with ``SURVEY_WORKFLOW`` (``surveys``).
"""

from .members import (
    Attendance,
    Category,
    Committee,
    Interest,
    InterestConfirmation,
    Meeting,
    Member,
    MemberQuerySet,
)
from .resolutions import (
    RESOLUTION_WORKFLOW,
    SECRETARY,
    ConflictDeclaration,
    Document,
    Resolution,
    Vote,
)
from .surveys import (
    SURVEY_WORKFLOW,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
)

__all__ = [
    "Attendance",
    "Category",
    "Committee",
    "ConflictDeclaration",
    "Document",
    "Interest",
    "InterestConfirmation",
    "Meeting",
    "Member",
    "MemberQuerySet",
    "RESOLUTION_WORKFLOW",
    "Resolution",
    "SECRETARY",
    "SURVEY_WORKFLOW",
    "Survey",
    "SurveyAnswer",
    "SurveyParticipation",
    "SurveyQuestion",
    "Vote",
]
