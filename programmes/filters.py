import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.choice_fields import CachedModelChoiceFilter

from .models import ActionPlan, ActionTask, Direction, Programme, Status


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("any"))
    year = django_filters.NumberFilter(label=_("In force in the year"), method="in_year",
                                       widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}))

    class Meta:
        model = Programme
        fields = ["status", "year"]

    def in_year(self, queryset, name, value):
        """Programmes whose period covers the year."""
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class ActionTaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionTask.Status.choices, empty_label=_("any"))
    direction = CachedModelChoiceFilter(label=_("Intervention direction"), field_name="directions",
                                        queryset=Direction.objects.none(), empty_label=_("any"))

    class Meta:
        model = ActionTask
        fields = ["status", "direction"]

    def __init__(self, data=None, queryset=None, *, plan: ActionPlan, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["direction"].queryset = Direction.objects.filter(
            goal__priority__programme_id=plan.programme_id).order_by("goal__priority__order", "goal__order",
                                                                      "order", "pk")
