"""The "Zakup Prospołeczny" mark: editions (calls), applications, assessments and certificates.

The application workflow is declared once in ``APPLICATION_WORKFLOW`` (``workflow``: the table, the
buttons' labels, the moves that need a reason or a deadline) and every change of status goes through
``certification.services.application_transition``. Django finds the models through this module, which imports
them all: editions and applications (``applications``), the formal check and the assessments (``review``),
certificates (``certificates``).
"""

from .applications import (
    Application,
    ApplicationEvent,
    ApplicationItem,
    Attachment,
    Criterion,
    CriterionAnswer,
    Edition,
    EditionQuerySet,
    Recommendation,
)
from .certificates import (
    Certificate,
    CertificateCounter,
    CertificateList,
)
from .review import (
    CRITERION_RESULT,
    Assessment,
    AssessmentScore,
    FormalCheck,
    criterion_result_label,
)
from .workflow import (
    APPLICATION_WORKFLOW,
    CURRENT_MARK,
    EDITABLE,
    FROM_REVIEW,
    LIVE,
    NEXT_STEP,
    RENEWABLE,
    Actor,
    Status,
)

__all__ = [
    "APPLICATION_WORKFLOW",
    "Actor",
    "Application",
    "ApplicationEvent",
    "ApplicationItem",
    "Assessment",
    "AssessmentScore",
    "Attachment",
    "CRITERION_RESULT",
    "CURRENT_MARK",
    "Certificate",
    "CertificateCounter",
    "CertificateList",
    "Criterion",
    "CriterionAnswer",
    "EDITABLE",
    "Edition",
    "EditionQuerySet",
    "FROM_REVIEW",
    "LIVE",
    "FormalCheck",
    "NEXT_STEP",
    "RENEWABLE",
    "Recommendation",
    "Status",
    "criterion_result_label",
]
