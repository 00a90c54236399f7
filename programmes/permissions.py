import rules

from accounts.permissions import can_read_reports, is_committee_member, is_staff_member

rules.add_perm("programmes.view_programme", can_read_reports | is_committee_member)
rules.add_perm("programmes.manage_programme", is_staff_member)
