from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TabularInline

from .models import Application, Certificate, Criterion, Edition


class CriterionInline(TabularInline):
    model = Criterion
    extra = 0


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "opens_on", "closes_on", "validity_months"]
    inlines = [CriterionInline]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Read-only: the workflow moves only through certification.services (the back-office pages)."""

    list_display = ["__str__", "status", "submitted_at"]
    list_select_related = ["entity", "edition"]  # shown by str()
    list_filter = ["status", "edition"]
    search_fields = ["entity_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    """An issued certificate is immutable: no change or deletion from the admin either."""

    list_display = ["number", "entity_name", "valid_from", "valid_until", "withdrawn_at"]
    search_fields = ["number", "entity_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
