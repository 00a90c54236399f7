from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TabularInline

from .models import Event, EventDocument, Registration


class DocumentInline(TabularInline):
    model = EventDocument
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "status", "capacity"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organiser", "partners"]
    inlines = [DocumentInline]
    # The workflow and capacity rules live in events.services; the admin only reads status.
    readonly_fields = ["status", "created_by", "created_at"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "event", "category", "status", "attended", "walk_in"]
    list_select_related = ["event"]
    list_filter = ["status", "category", "attended"]
    search_fields = ["last_name", "email", "institution"]
    readonly_fields = ["status", "cancel_token", "consent_at", "created_at", "status_changed_at", "anonymised_at"]

    def has_add_permission(self, request):
        return False  # registrations come through the public form or the walk-in form (events.services)
