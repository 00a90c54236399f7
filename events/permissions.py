import rules

from accounts.permissions import can_read_reports, is_committee_member, is_staff_member

# Staff plan and run events; board viewers and committee members may look at the calendar.
can_view_events = is_staff_member | can_read_reports | is_committee_member

rules.add_perm("events.view_events", can_view_events)
rules.add_perm("events.manage_events", is_staff_member)
rules.add_perm("events.view_participants", is_staff_member)
