import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.choice_fields import CachedModelChoiceFilter
from core.widgets import Select

from .models import GROUP_FORMS, Entity, Group, LegalForm, Territory
from .selectors import entity_search


def _powiaty(request):
    return Territory.objects.filter(level="powiat", parent_id=settings.ROPS_VOIVODESHIP_CODE).order_by("name")


def any_yes_no() -> Select:
    """A yes/no filter whose empty choice says "any" (django-filter's own says "Unknown": "Nieznane")."""
    return Select(choices=[("", _("any")), ("true", _("yes")), ("false", _("no"))])


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search (name, NIP, REGON, KRS)"), method="search")
    group = django_filters.ChoiceFilter(label=_("Kind"), choices=Group.choices, method="in_group", widget=Select)
    legal_form = django_filters.ChoiceFilter(label=_("Legal form"), choices=LegalForm.choices, widget=Select)
    powiat = CachedModelChoiceFilter(label=_("Powiat"), queryset=_powiaty, method="in_powiat", widget=Select)
    gmina = django_filters.CharFilter(label=_("Gmina (TERYT code)"), field_name="seat__code")
    ps = django_filters.BooleanFilter(label=_("Social enterprise (PS) now"), method="holding_ps",
                                      widget=any_yes_no())
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=any_yes_no())
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("registered_on", "registered_on"), ("seat__name", "seat")),
        field_labels={"name": _("name"), "registered_on": _("registration date"), "seat__name": _("seat")},
        widget=Select,
    )

    class Meta:
        model = Entity
        fields = ["q", "group", "legal_form", "powiat", "gmina", "ps", "is_active"]

    def search(self, queryset, name, value):
        return entity_search(queryset, value)

    def in_group(self, queryset, name, value):
        return queryset.filter(legal_form__in=GROUP_FORMS[value])

    def holding_ps(self, queryset, name, value):
        return queryset.holding_ps(value)

    def in_powiat(self, queryset, name, value):
        return queryset.filter(seat__code__startswith=value.code)
