import rules

from accounts.permissions import can_read_reports, is_pes_representative, is_staff_member, staff_actors
from core.workflow import Move
from entities.permissions import represents_entity

from .models import REPORT_WORKFLOW


@rules.predicate
def answers_for_entity(user, respondent) -> bool:
    """A PES representative answers for the entities they represent."""
    return respondent is not None and represents_entity(user, respondent.entity)


def can_transition_report(user, report, to: str) -> bool:
    """Whether the user may move this report to ``to`` now."""
    return REPORT_WORKFLOW.can(report.status, to, staff_actors(user, report))


def report_moves(user, report) -> list[Move]:
    """The moves the report page offers this user."""
    return REPORT_WORKFLOW.moves(report.status, staff_actors(user, report))


rules.add_perm("monitoring.view_monitoring", can_read_reports)
rules.add_perm("monitoring.manage_campaigns", is_staff_member)
rules.add_perm("monitoring.answer", is_pes_representative)
rules.add_perm("monitoring.answer_respondent", answers_for_entity | is_staff_member)
# Reports and the sector dashboard: ROPS staff work on them; board viewers (the Board's read-only role) read.
rules.add_perm("monitoring.view_reports", can_read_reports)
rules.add_perm("monitoring.manage_reports", is_staff_member)
rules.add_perm("monitoring.view_dashboard", can_read_reports)
