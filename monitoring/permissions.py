import rules

from accounts.permissions import can_read_reports, is_pes_representative, is_staff_member
from entities.permissions import represents_entity

from .models import REPORT_TRANSITIONS


@rules.predicate
def answers_for_entity(user, respondent) -> bool:
    """A PES representative answers for the entities they represent."""
    return respondent is not None and represents_entity(user, respondent.entity)


def can_transition_report(user, report, to: str) -> bool:
    """Whether the user holds a role that may move this report to ``to`` (``REPORT_TRANSITIONS``)."""
    allowed = REPORT_TRANSITIONS.get(report.status, {}).get(to, frozenset())
    return bool(user and user.is_authenticated and user.is_active and allowed & user.role_names)


rules.add_perm("monitoring.view_monitoring", can_read_reports)
rules.add_perm("monitoring.manage_campaigns", is_staff_member)
rules.add_perm("monitoring.answer", is_pes_representative)
rules.add_perm("monitoring.answer_respondent", answers_for_entity | is_staff_member)
# Reports and the sector dashboard: ROPS staff work on them; board viewers (the Board's read-only role) read.
rules.add_perm("monitoring.view_reports", can_read_reports)
rules.add_perm("monitoring.manage_reports", is_staff_member)
rules.add_perm("monitoring.view_dashboard", can_read_reports)
