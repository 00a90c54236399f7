from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TabularInline

from . import services
from .models import ActionPlan, ActionTask, BudgetLine, Consultation, Indicator, Programme


class BudgetInline(TabularInline):
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


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    """Read-only here; closing goes through ``services.consultation_close``, which applies the model's rule
    (``Consultation.can_close``: at least 35 days and the announced last day), as the back office does."""

    list_display = ["programme", "opened_on", "until", "closes_from", "closed_on", "report_due", "published_at"]
    list_select_related = ["programme"]
    actions = ["close_consultations"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Close the selected consultations"))
    def close_consultations(self, request, queryset):
        today = timezone.localdate()
        for consultation in queryset:
            if not consultation.can_close(today):
                self.message_user(request, _("%(c)s may close from %(d)s.") % {
                    "c": consultation, "d": date_format(consultation.closes_from, "SHORT_DATE_FORMAT")}, messages.ERROR)
                continue
            try:
                services.consultation_close(consultation=consultation, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
