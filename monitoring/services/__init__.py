"""The only writers of monitoring data: campaigns and answers (``campaigns``), reports (``reports``)."""

from .campaigns import (
    ImportReport,
    SaveResult,
    campaign_close,
    campaign_create,
    campaign_open,
    previous_answers,
    reminders_send,
    respondent_link,
    respondents_add,
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
)

__all__ = [
    "ImportReport", "SaveResult", "campaign_close", "campaign_create", "campaign_open", "latest_version",
    "previous_answers", "reminders_send", "report_create", "report_generate", "report_transition", "report_update",
    "report_version_create", "respondent_link", "respondents_add", "response_save", "responses_import_xlsx",
]
