import rules

from accounts.permissions import can_read_reports, is_committee_member, is_staff_member
from core.workflow import STAFF, SYSTEM

from .models import RESOLUTION_WORKFLOW, SECRETARY, Member, Resolution
from .selectors import member_of


@rules.predicate
def is_member_of_committee(user, committee) -> bool:
    return committee is not None and is_committee_member(user) and member_of(committee, user) is not None


def resolution_actors(user, resolution) -> set[str]:
    """The roles the user plays in the resolution workflow (``RESOLUTION_WORKFLOW``): staff, the committee's
    secretary in office; ``None`` is the system (the scheduled task)."""
    if user is None:
        return {SYSTEM}
    actors = set()
    if is_staff_member(user):
        actors.add(STAFF)
    member = member_of(resolution.committee, user)
    if member is not None and member.role == Member.Role.SECRETARY:
        actors.add(SECRETARY)
    return actors


@rules.predicate
def can_close_vote(user, resolution) -> bool:
    """Staff, or the committee's secretary in office, close an open vote at any time (the scheduled task closes
    it after the deadline: ``services.resolution_close`` with ``by=None``)."""
    if resolution is None or not resolution.is_open:
        return False
    return RESOLUTION_WORKFLOW.can(resolution.status, Resolution.Status.CLOSED, resolution_actors(user, resolution))


rules.add_perm("committee.view_committee_area", is_staff_member | is_committee_member | can_read_reports)
rules.add_perm("committee.view_committee", is_staff_member | is_member_of_committee | can_read_reports)
rules.add_perm("committee.close_vote", can_close_vote)
