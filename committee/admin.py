from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TabularInline

from .models import Committee, Interest, Meeting, Member, Resolution, Survey, SurveyQuestion, Vote


class MemberInline(TabularInline):
    """Shown for reference: members are appointed and dismissed in the back office (``member_appoint`` and
    ``member_dismiss`` keep one membership per person and record the statutory reason)."""

    model = Member
    extra = 0
    fields = ["user", "role", "category", "represented_body", "appointed_on", "dismissed_on", "dismissal_reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "term_start", "majority", "quorum_percent", "parity_max_percent"]
    inlines = [MemberInline]


@admin.register(Interest)
class InterestAdmin(SimpleHistoryAdmin):
    """Read-only here: staff keep the register on the committee's page (``services.interest_record``)."""

    list_display = ["person", "kind", "entity", "organisation", "since", "until"]
    list_select_related = ["person", "entity"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "held_on", "mode"]
    list_select_related = ["committee"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    """Votes are opened, cast and closed only in the back office; a closed resolution cannot change here."""

    list_display = ["number", "title", "committee", "status", "adopted"]
    list_select_related = ["committee"]
    list_filter = ["status", "committee"]
    readonly_fields = ["status", "opened_at", "deadline", "entitled_members", "entitled_chair", "rules", "result",
                       "adopted", "closed_at", "closed_by", "year", "sequence"]

    def has_add_permission(self, request):
        return False  # numbered per committee and year under a lock by ``resolution_create`` (back office)

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.is_draft


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ["resolution", "member", "choice"]
    list_select_related = ["resolution", "member__user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SurveyQuestionInline(TabularInline):
    model = SurveyQuestion
    extra = 1


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    """Questions are edited here while the survey is a draft; answers are never shown per person anywhere."""

    list_display = ["title", "committee", "year", "status"]
    list_select_related = ["committee"]
    readonly_fields = ["status"]
    inlines = [SurveyQuestionInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.questions_editable

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.questions_editable and not obj.participations.exists()
