from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, ActionTask, BudgetLine, Indicator, Programme


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActionTask)
class ActionTaskAdmin(SimpleHistoryAdmin):
    """Read-only here: tasks and their budget lines are written by ``services.action_task_save`` (the plan's
    pages in the back office), which checks the directions and records who changed what."""

    list_display = ["title", "plan", "status", "responsible_unit"]
    list_select_related = ["plan__programme"]  # the plan is shown as "<programme> <year>"
    list_filter = ["status", "plan"]
    filter_horizontal = ["directions"]
    inlines = [BudgetInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    """Read-only here: the lifecycle and the structure change through programmes.services (the back office)."""

    list_display = ["name", "period_label", "status", "version"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Indicator, SimpleHistoryAdmin)


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_select_related = ["programme"]  # shown by str(): "<programme> <year>"
