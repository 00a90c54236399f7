"""Role predicates: the one place that says who holds which role.

Every app builds its own rules from these (``rules`` predicates compose with ``&``, ``|``, ``~``),
and views, templates (``{% has_perm %}``) and admin all ask the same rules.
"""

import rules
from django.core.exceptions import PermissionDenied

from core.workflow import STAFF, SYSTEM

from .models import Role


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and role.value in user.role_names)

    return predicate


is_rops_admin = _has_role(Role.ROPS_ADMIN)
is_rops_staff = _has_role(Role.ROPS_STAFF)
is_committee_member = _has_role(Role.COMMITTEE_MEMBER)
is_pes_representative = _has_role(Role.PES_REPRESENTATIVE)
is_board_viewer = _has_role(Role.BOARD_VIEWER)

# ROPS employees: administrators can do everything staff can.
is_staff_member = is_rops_admin | is_rops_staff
# Read-only access to reports and the sector overview.
can_read_reports = is_staff_member | is_board_viewer


def staff_actors(user, obj=None) -> set[str]:
    """The roles a user plays in a workflow only ROPS staff move (``core.workflow``): staff; ``None`` is the
    system (tasks, commands, the demo)."""
    if user is None:
        return {SYSTEM}
    return {STAFF} if is_staff_member(user) else set()


def require_staff(by, *, system: bool = True, message: str = "") -> None:
    """Services' one guard for staff-only writes. ``by=None`` is the system (tasks, commands, demo), allowed
    unless ``system=False`` (a decision that must have a person's name on it). ``message`` is shown to the user."""
    if by is None and system:
        return
    if by is None or not is_staff_member(by):
        raise PermissionDenied(message)

rules.add_perm("accounts.manage_users", is_rops_admin)
rules.add_perm("core.view_audit", is_staff_member)
# Personal data (core.privacy): the register for the ROPS administrator and whoever is given the Django
# permission core.view_processing_register (the data protection officer); requests are handled by staff.
rules.add_perm("core.view_processing_register", is_rops_admin)
rules.add_perm("core.handle_data_requests", is_staff_member)
rules.add_perm("core.edit_privacy_settings", is_rops_admin)
rules.add_perm("core.use_backoffice", is_staff_member | is_board_viewer | is_committee_member | is_pes_representative)

# core's own permissions are filled in here: core sits below accounts and knows no roles (docs/architecture.md).


@rules.predicate
def is_job_requester(user, job) -> bool:
    return job is not None and job.requested_by_id == user.pk


rules.add_perm("core.view_job", is_job_requester | is_staff_member)
rules.add_perm("core.retry_job", is_job_requester | is_staff_member)
# The accessibility statement is the ROPS administrator's (it names the office's contact and its building).
rules.add_perm("core.edit_accessibility_statement", is_rops_admin)
# Public records (BIP boxes) name the ROPS employee who made a change; anybody else is shown as the office.
rules.add_perm("core.named_in_public_records", is_staff_member)
# The case packages for the office's records system (EZD) and their case signs are staff work.
rules.add_perm("core.handle_case_packages", is_staff_member)

# Self-registration of PES representatives (accounts/registration.py): ROPS staff review the requests.
can_review_registrations = is_staff_member
rules.add_perm("accounts.review_registrations", can_review_registrations)

# A lost second factor is reset by a ROPS administrator (accounts/mfa.py).
rules.add_perm("accounts.reset_mfa", is_rops_admin)
