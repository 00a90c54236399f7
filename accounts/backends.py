"""Authentication backends: Django's model backend, with a user's permissions read in one query."""

from django.contrib.auth import backends
from django.contrib.auth.models import Permission
from django.db.models import Q


class ModelBackend(backends.ModelBackend):
    """Django's ``ModelBackend`` whose ``get_all_permissions`` reads the user's own permissions and those of
    their groups in one query instead of two, together with the user's roles (``User.load_access``). Every
    signed-in page asks for a permission and a role, so this is two queries fewer on each of them; the set is the
    one Django's backend gives (tested against it), cached on the user object for the request as Django caches it
    (``_perm_cache``)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if hasattr(user_obj, "load_access"):
                user_obj.load_access()
            else:  # another user model (never this project's): Django's own sets, in one query
                permissions = Permission.objects.all()
                if not user_obj.is_superuser:
                    permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
                user_obj._perm_cache = {
                    f"{app_label}.{codename}" for app_label, codename in
                    permissions.values_list("content_type__app_label", "codename").order_by()}
        return user_obj._perm_cache
