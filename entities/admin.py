from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TabularInline

from .models import Contact, Entity, JstCooperation, Owes, Product, PsStatus, Representation, YearlyFigures


class RepresentationInline(TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["user"]


class ContactInline(TabularInline):
    model = Contact
    extra = 0


class PsStatusInline(TabularInline):
    model = PsStatus
    fk_name = "entity"
    extra = 0


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_form", "nip", "seat", "is_active"]
    list_select_related = ["seat"]  # a nullable foreign key: Django's default would query it per row
    search_fields = ["name", "short_name", "nip", "krs", "regon"]
    list_filter = ["legal_form", "is_active", "is_confirmed"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["seat"]
    filter_horizontal = ["activity_area"]
    inlines = [RepresentationInline, ContactInline, PsStatusInline]


@admin.register(Owes)
class OwesAdmin(SimpleHistoryAdmin):
    list_display = ["name", "operator", "accredited_until"]
    list_select_related = ["operator"]
    autocomplete_fields = ["operator"]
    filter_horizontal = ["subregion"]


admin.site.register(Product, SimpleHistoryAdmin)


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(SimpleHistoryAdmin):
    list_select_related = ["entity"]  # shown by str(): "<entity> <year>"


@admin.register(JstCooperation)
class JstCooperationAdmin(SimpleHistoryAdmin):
    list_select_related = ["jst"]
