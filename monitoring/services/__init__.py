"""The only writers of monitoring data: campaigns and answers (``campaigns``), reports (``reports``)."""

from .campaigns import (
    ImportReport,
    SaveResult,
    campaign_close,
    campaign_create,
    campaign_open,
    campaign_transition,
    invitations_send,
    previous_answers,
    questionnaire_save,
    reminders_send,
    respondent_candidates,
    respondent_link,
    respondents_add,
    respondents_add_all,
    response_save,
    responses_import_xlsx,
)
from .reports import (
    latest_version,
    report_create,
    report_generate,
    report_transition,
    report_update,
    report_version_create,
    report_version_seal_store,
)

__all__ = [
    "campaign_close", "campaign_create", "campaign_open", "campaign_transition", "ImportReport", "invitations_send",
    "latest_version",
    "previous_answers", "questionnaire_save", "reminders_send", "report_create", "report_generate",
    "report_transition", "report_update", "report_version_create", "report_version_seal_store",
    "respondent_candidates", "respondent_link",
    "respondents_add", "respondents_add_all", "response_save", "responses_import_xlsx", "SaveResult",
]
