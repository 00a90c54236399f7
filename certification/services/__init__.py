"""The only writers of certification data.

``application_transition`` is the single path for every status change (views, admin, commands,
tasks and the committee vote all call it). Side effects (e-mails, PDF jobs) run on commit.

By concern: the applicant's draft and the transition (``applications``), the chapter's case and vote
(``chapter``), the formal check, the assessments and the vote's result (``assessment``), certificates
(``certificates``), editions and criteria (``editions``).
"""

from .applications import (
    LIVE,
    STEP_FIELDS,
    application_create,
    application_declare,
    application_missing,
    application_renew,
    application_save_answers,
    application_save_fields,
    application_save_items,
    application_save_recommendations,
    application_transition,
    attachment_add,
    attachment_remove,
)
from .assessment import (
    application_apply_vote,
    application_vote_again,
    assessment_save,
    formal_check_computed,
    formal_check_save,
)
from .certificates import (
    REMINDER_DAYS,
    certificate_issue,
    certificate_list_publish,
    certificate_pdf_store,
    certificate_withdraw,
    certificates_award_at_gala,
    certificates_daily,
)
from .chapter import (
    vote_needs_repeating,
    vote_outcome_note,
)
from .editions import (
    CRITERION_FIELDS,
    EDITION_FIELDS,
    edition_criteria_removable,
    edition_save,
)

__all__ = [
    "CRITERION_FIELDS",
    "EDITION_FIELDS",
    "LIVE",
    "REMINDER_DAYS",
    "STEP_FIELDS",
    "application_apply_vote",
    "application_create",
    "application_declare",
    "application_missing",
    "application_renew",
    "application_save_answers",
    "application_save_fields",
    "application_save_items",
    "application_save_recommendations",
    "application_transition",
    "application_vote_again",
    "assessment_save",
    "attachment_add",
    "attachment_remove",
    "certificate_issue",
    "certificate_list_publish",
    "certificate_pdf_store",
    "certificate_withdraw",
    "certificates_award_at_gala",
    "certificates_daily",
    "edition_criteria_removable",
    "edition_save",
    "formal_check_computed",
    "formal_check_save",
    "vote_needs_repeating",
    "vote_outcome_note",
]
