"""Questionnaires are defined here by the ROPS administrator while their campaign is being prepared; campaigns are
created, opened and closed in the back office (``monitoring/services``), answers and figures never change here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import StackedInline

from .models import Campaign, Question, Questionnaire


class QuestionInline(StackedInline):
    model = Question
    extra = 1
    fields = [("number", "order", "type", "required"), "text", "help_text", ("min_value", "max_value"), "choices",
              "sum_of", "compare_previous", "measure"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "status", "deadline"]
    readonly_fields = ["year", "status", "opened_at", "closed_at", "closed_by"]

    def has_add_permission(self, request):
        return False  # created in the back office, with last year's questionnaires copied

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.questions_editable

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ["title", "campaign", "respondent_type"]
    list_select_related = ["campaign"]
    list_filter = ["campaign"]
    inlines = [QuestionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = Campaign.objects.filter(status=Campaign.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.campaign.questions_editable

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.campaign.questions_editable
