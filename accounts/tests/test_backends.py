"""The model backend reads a user's permissions in one query and gives the very set Django's own backend gives."""

import pytest
from django.contrib.auth import backends as django_backends
from django.contrib.auth.models import Group, Permission

from accounts.backends import ModelBackend
from accounts.models import Role, User
from accounts.services import user_set_roles

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)   # no permission cache


@pytest.mark.parametrize("who", ["rops_admin", "staff", "member", "pes", "board", "pes_member", "outsider"])
def test_the_permissions_are_those_of_djangos_backend(request, who):
    user = request.getfixturevalue(who)
    ours = ModelBackend().get_all_permissions(_fresh(user))
    django = django_backends.ModelBackend().get_all_permissions(_fresh(user))
    assert ours == django


def test_own_and_group_permissions_are_read_in_one_query(staff, django_assert_num_queries):
    staff.user_permissions.add(Permission.objects.get(codename="view_group"))
    staff.groups.get().permissions.add(Permission.objects.get(codename="change_group"))
    user = _fresh(staff)
    with django_assert_num_queries(1):
        permissions = ModelBackend().get_all_permissions(user)
    assert "auth.view_group" in permissions        # the user's own
    assert "auth.change_group" in permissions      # the staff group's
    with django_assert_num_queries(0):
        assert user.has_perm("auth.view_group")                    # cached for the request


def test_a_superuser_has_every_permission_and_an_inactive_user_none(staff):
    superuser = User.objects.create_superuser(email="root@example.com", password="x-Very-long-123")
    assert len(ModelBackend().get_all_permissions(superuser)) == Permission.objects.count()
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert ModelBackend().get_all_permissions(_fresh(staff)) == set()


def test_a_group_shared_by_two_users_gives_each_only_their_own(staff, outsider):
    group = Group.objects.create(name="tylko-do-testu")
    group.permissions.add(Permission.objects.get(codename="delete_group"))
    outsider.groups.add(group)
    assert "auth.delete_group" in ModelBackend().get_all_permissions(_fresh(outsider))
    assert "auth.delete_group" not in ModelBackend().get_all_permissions(_fresh(staff))


def test_the_roles_come_with_the_permissions_in_that_one_query(staff, django_assert_num_queries):
    staff.groups.get().permissions.add(Permission.objects.get(codename="change_group"))
    user = _fresh(staff)
    with django_assert_num_queries(1):
        assert user.has_perm("auth.change_group")
        assert user.role_names == {Role.ROPS_STAFF}
        assert user.has_perm("entities.list_entities")   # a rules permission, deciding on the roles read
    inactive = _fresh(staff)
    inactive.is_active = False
    with django_assert_num_queries(1):
        assert inactive.role_names == {Role.ROPS_STAFF}   # the roles of an inactive account, and no permission
        assert not inactive.has_perm("auth.change_group")


def test_a_change_of_roles_is_seen_by_the_same_instance_at_once(staff):
    user = _fresh(staff)
    assert user.has_perm("core.view_audit") and not user.has_perm("auth.change_group")
    user_set_roles(user=user, roles=[Role.ROPS_ADMIN])
    assert user.role_names == {Role.ROPS_ADMIN}
    assert user.has_perm("auth.change_group")          # a superuser now: every permission
    user_set_roles(user=user, roles=[Role.PES_REPRESENTATIVE])
    assert user.role_names == {Role.PES_REPRESENTATIVE}
    assert not user.has_perm("core.view_audit") and not user.has_perm("auth.change_group")
