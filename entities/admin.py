from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Entity, Representation


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "is_active"]
    search_fields = ["name", "short_name"]
    list_filter = ["is_active"]
    inlines = [RepresentationInline]
