import rules

from accounts.permissions import can_read_reports, is_committee_member, is_staff_member


@rules.predicate
def is_member_of_committee(user, committee) -> bool:
    if committee is None or not is_committee_member(user):
        return False
    return committee.members.filter(user_id=user.pk, dismissed_on__isnull=True).exists()


rules.add_perm("committee.view_committee_area", is_staff_member | is_committee_member | can_read_reports)
rules.add_perm("committee.view_committee", is_staff_member | is_member_of_committee | can_read_reports)
rules.add_perm("committee.manage_committee", is_staff_member)
