import pytest

from accounts import permissions as p
from accounts.models import Role
from accounts.services import user_set_roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "staff_member", "reports", "committee", "pes_rep"),
    [("rops_admin", True, True, False, False), ("staff", True, True, False, False),
     ("member", False, False, True, False), ("pes", False, False, False, True),
     ("board", False, True, False, False), ("outsider", False, False, False, False)],
)
def test_role_predicates(cast, role, staff_member, reports, committee, pes_rep):
    user = cast[role]
    assert p.is_staff_member(user) is staff_member
    assert p.can_read_reports(user) is reports
    assert p.is_committee_member(user) is committee
    assert p.is_pes_representative(user) is pes_rep


def test_only_administrators_reach_the_django_admin(staff):
    assert not staff.is_staff
    user_set_roles(user=staff, roles=[Role.ROPS_ADMIN])
    staff.refresh_from_db()
    assert staff.is_staff
    assert staff.is_superuser
    user_set_roles(user=staff, roles=[Role.ROPS_STAFF])
    staff.refresh_from_db()
    assert not staff.is_staff
    assert not staff.is_superuser


def test_inactive_user_holds_no_role(staff):
    staff.is_active = False
    assert not p.is_staff_member(staff)
