import pytest

from accounts.models import Role
from accounts.permissions import is_staff_member

from .factories import UserFactory


@pytest.mark.django_db
def test_user_factory_gives_roles_through_the_service():
    user = UserFactory(roles=[Role.ROPS_ADMIN])
    assert is_staff_member(user)
    assert user.is_staff
    assert user.check_password("test-password-123")
    assert not is_staff_member(UserFactory())
