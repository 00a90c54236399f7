"""Authentication backends: Django's model backend, with a user's permissions read with their roles in one query."""

from django.contrib.auth import backends


class ModelBackend(backends.ModelBackend):
    """Django's ``ModelBackend`` whose ``get_all_permissions`` reads the user's own permissions and those of
    their groups, together with the user's roles, in one query (``User.load_access``), where Django's backend
    sends two for the permissions and the roles' predicates a third. Every signed-in page asks for a permission
    and a role; the set is the one Django's backend gives (tested against it), cached on the user object for the
    request as Django caches it (``_perm_cache``)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj.load_access()
        return user_obj._perm_cache
