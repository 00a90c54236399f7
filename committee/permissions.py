import rules

from accounts.permissions import can_read_reports, is_committee_member, is_staff_member


@rules.predicate
def is_member_of_committee(user, committee) -> bool:
    from .services import member_of

    return committee is not None and is_committee_member(user) and member_of(committee, user) is not None


rules.add_perm("committee.view_committee_area", is_staff_member | is_committee_member | can_read_reports)
rules.add_perm("committee.view_committee", is_staff_member | is_member_of_committee | can_read_reports)
