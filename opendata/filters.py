"""Filters of the open datasets, one FilterSet per dataset, shared by the API and the CSV/JSON downloads.

Every filter validates its value (a TERYT code is 4 or 7 digits, a year lies in a sane range), so a client gets a
400 with a Polish reason, never a database error. ``day()`` is the day the data describe ("as of"): today unless
the dataset lets the client choose it (PS status in force on a day).
"""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from certification.models import Certificate
from entities.models import GROUP_FORMS, Entity, Group, LegalForm, PsStatus
from events.models import Event, EventKind
from programmes.models import IndicatorValue

from .selectors import today

POWIAT = RegexValidator(r"^[0-9]{4}\Z", _("Give the powiat as its 4-digit TERYT code, e.g. 0463."))
GMINA = RegexValidator(r"^[0-9]{7}\Z", _("Give the gmina as its 7-digit TERYT code, e.g. 0463011."))
CERTIFICATE = RegexValidator(r"^[A-Z]{2}(/[0-9]{1,4}){3}\Z",
                             _("Give the certificate number as printed, e.g. ZP/04/2026/001."))
YEAR_MIN, YEAR_MAX = 1990, 2100


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (``NumberFilter`` would take 1.5 and round it)."""

    field_class = forms.IntegerField


def _yes_no(field: str, label):
    """A strict true/false: anything else is refused (a plain BooleanFilter ignores what it cannot read)."""
    return django_filters.TypedChoiceFilter(field_name=field, choices=[("true", "true"), ("false", "false")],
                                            coerce=lambda value: value == "true", label=label)


class OpenDataFilterSet(django_filters.FilterSet):
    """TERYT filters on ``territory`` (the path to the row's gmina) and the day the answer describes."""

    territory = "seat"

    powiat = django_filters.CharFilter(method="filter_powiat", validators=[POWIAT], label=_("powiat (TERYT)"))
    gmina = django_filters.CharFilter(method="filter_gmina", validators=[GMINA], label=_("gmina (TERYT)"))

    def day(self):
        return today()

    def filter_powiat(self, queryset, name, value):
        return queryset.filter(**{f"{self.territory}__code__startswith": value})

    def filter_gmina(self, queryset, name, value):
        return queryset.filter(**{f"{self.territory}__code": value})


def _date_range(field: str, label_from, label_to):
    return (django_filters.DateFilter(field_name=field, lookup_expr="gte", label=label_from),
            django_filters.DateFilter(field_name=field, lookup_expr="lte", label=label_to))


class PesFilter(OpenDataFilterSet):
    kind = django_filters.ChoiceFilter(choices=Group.choices, method="filter_kind", label=_("kind"))
    legal_form = django_filters.ChoiceFilter(choices=LegalForm.choices, label=_("legal form"))
    active = _yes_no("is_active", _("active"))
    date_from, date_to = _date_range("registered_on", _("registered from"), _("registered until"))

    class Meta:
        model = Entity
        fields: list[str] = []

    def filter_kind(self, queryset, name, value):
        return queryset.filter(legal_form__in=GROUP_FORMS[value])


class PsFilter(OpenDataFilterSet):
    territory = "entity__seat"

    as_of = django_filters.DateFilter(method="filter_noop", label=_("in force on (default: today)"))
    kind = django_filters.ChoiceFilter(choices=PsStatus.Kind.choices, label=_("kind"))
    ps_type = django_filters.ChoiceFilter(choices=PsStatus.Type.choices, label=_("type"))
    date_from, date_to = _date_range("granted_on", _("granted from"), _("granted until"))

    class Meta:
        model = PsStatus
        fields: list[str] = []

    def filter_noop(self, queryset, name, value):
        return queryset  # the day chooses the rows themselves (opendata.selectors.ps_rows)

    def day(self):
        return self.form.cleaned_data.get("as_of") or today()


class MarkFilter(OpenDataFilterSet):
    territory = "application__entity__seat"

    STATUS = [("current", _("current")), ("past", _("past (withdrawn or expired)"))]
    status = django_filters.ChoiceFilter(choices=STATUS, method="filter_status", label=_("status"))
    number = django_filters.CharFilter(field_name="number", label=_("certificate number"), validators=[CERTIFICATE])
    date_from, date_to = _date_range("valid_from", _("valid from (on or after)"), _("valid from (on or before)"))

    class Meta:
        model = Certificate
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_current=(value == "current"))


class EventFilter(OpenDataFilterSet):
    territory = "gmina"

    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("kind"))
    date_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("starts from"))
    date_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("starts until"))

    class Meta:
        model = Event
        fields: list[str] = []


class IndicatorValueFilter(django_filters.FilterSet):
    programme = IntegerFilter(field_name="indicator__programme_id", label=_("programme"),
                              validators=[MinValueValidator(1), MaxValueValidator(2**62)])
    indicator = IntegerFilter(field_name="indicator_id", label=_("indicator"),
                              validators=[MinValueValidator(1), MaxValueValidator(2**62)])
    year_from = IntegerFilter(field_name="year", lookup_expr="gte", label=_("year from"),
                              validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)])
    year_to = IntegerFilter(field_name="year", lookup_expr="lte", label=_("year until"),
                            validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)])

    class Meta:
        model = IndicatorValue
        fields: list[str] = []

    def day(self):
        return today()
