"""The only writers of programmes, their structure, indicator values, action plans and consultation comments.

By concern: the workflow and the import of a programme file (``programmes``), the structure and its amendments
(``structure``), indicator values (``indicators``), action plans (``plans``), the public consultation
(``consultation``).
"""

from .consultation import (
    comment_add,
    comment_answer,
    consultation_close,
    consultation_is_open,
    consultation_report_approve,
    consultation_report_missing,
    consultation_report_publish,
)
from .indicators import (
    indicator_value_correct,
    indicator_value_set,
    indicator_values_compute,
    indicator_values_lock,
)
from .plans import (
    action_plan_create,
    action_task_save,
)
from .programmes import (
    programme_import,
    programme_transition,
)
from .structure import (
    amendment_close,
    amendment_start,
    direction_add,
    direction_number_check,
    direction_number_next,
    direction_remove,
    direction_update,
    goal_update,
    priority_update,
)

__all__ = [
    "action_plan_create",
    "action_task_save",
    "amendment_close",
    "amendment_start",
    "comment_add",
    "comment_answer",
    "consultation_close",
    "consultation_is_open",
    "consultation_report_approve",
    "consultation_report_missing",
    "consultation_report_publish",
    "direction_add",
    "direction_number_check",
    "direction_number_next",
    "direction_remove",
    "direction_update",
    "goal_update",
    "indicator_value_correct",
    "indicator_value_set",
    "indicator_values_compute",
    "indicator_values_lock",
    "priority_update",
    "programme_import",
    "programme_transition",
]
