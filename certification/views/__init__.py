"""The pages of certification, thin: authorize, parse the form, call the service, redirect or render.

By concern: the applicant's application, its steps and attachments (``applications``), the application page and
its moves (``detail``), the formal check and the chapter's declarations, assessments and vote (``assessment``),
certificates (``certificates``), the public pages (``public``), editions and their criteria (``editions``).
"""

from .applications import (
    application_list_view,
    application_renew,
    application_start,
    application_step,
    attachment_delete,
    attachment_download,
    attachment_upload,
)
from .assessment import assessment, assessment_submit, declare, formal_check, vote_again
from .certificates import certificate_issue, certificate_pdf, certificate_withdraw, gala
from .detail import application_detail, application_transition_view
from .editions import edition_edit, edition_list_view
from .public import certificate_list_json, certificate_list_signature, public_register_view, public_verify

__all__ = [
    "application_detail",
    "application_list_view",
    "application_renew",
    "application_start",
    "application_step",
    "application_transition_view",
    "assessment",
    "assessment_submit",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "certificate_issue",
    "certificate_list_json",
    "certificate_list_signature",
    "certificate_pdf",
    "certificate_withdraw",
    "declare",
    "edition_edit",
    "edition_list_view",
    "formal_check",
    "gala",
    "public_register_view",
    "public_verify",
    "vote_again",
]
