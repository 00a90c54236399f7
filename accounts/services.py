"""The only writers of users and their roles."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Role, User


@transaction.atomic
def user_create(*, email: str, first_name: str, last_name: str, password: str | None = None,
                roles: list[Role] | tuple[Role, ...] = (), is_active: bool = True) -> User:
    """Create a user with the given roles. ``password=None`` leaves the password unusable.

    ``is_active=False`` creates an account that cannot log in yet (self-registration before the e-mail link).
    """
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name,
                                    is_active=is_active)
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: list[Role] | tuple[Role, ...]) -> User:
    """Replace the user's roles.

    Only ROPS administrators reach the Django admin (``is_staff``), and they administer the
    whole system there (``is_superuser``); domain rules that must hold for everybody (conflicts of
    interest, closed votes) are checked by predicates that ignore these flags.
    """
    groups = [Group.objects.get_or_create(name=Role(role).value)[0] for role in roles]
    user.groups.set(groups)
    is_admin = Role.ROPS_ADMIN in {Role(r) for r in roles}
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])
    user.forget_access()
    return user
