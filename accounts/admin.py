from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .mfa import mfa_enrolled
from .models import RegistrationRequest, Role, User
from .permissions import can_review_registrations
from .services import user_set_roles


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal data"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Roles"), {"fields": ("is_active", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
        (_("Second factor"), {"fields": ("second_factor",)}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name",
                                                              "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined", "second_factor"]
    filter_horizontal = ["groups"]

    @admin.display(description=_("second factor"))
    def second_factor(self, user):
        """Whether the person uses a second factor, with the page where an administrator resets it."""
        if not user.pk:
            return "—"
        state = _("set up") if mfa_enrolled(user) else _("not set up")
        return format_html('{} – <a href="{}">{}</a>', state, reverse("accounts:mfa_reset", args=[user.pk]),
                           _("reset or see its history"))

    def save_related(self, request, form, formsets, change):
        """Roles are groups; keep the admin flags in step through the one service that sets roles."""
        super().save_related(request, form, formsets, change)
        user = form.instance
        roles = [Role(n) for n in user.groups.values_list("name", flat=True) if n in Role.values]
        user_set_roles(user=user, roles=roles)


@admin.register(RegistrationRequest)
class RegistrationRequestAdmin(SimpleHistoryAdmin):
    """Read-only: requests are decided on the staff page (accounts:registration_list) through the services."""

    list_display = ["user", "entity", "new_entity", "status", "created_at", "decided_at"]
    list_filter = ["status", "new_entity"]
    search_fields = ["user__email", "user__last_name", "entity__name", "entity__nip"]
    list_select_related = ["user", "entity"]

    def has_view_permission(self, request, obj=None):
        return can_review_registrations(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
