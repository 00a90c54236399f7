"""Indicator values: set by staff, computed from the data, locked for a year and corrected with a reason."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core import computations
from core.audit import set_history_user as _history_user

from ..models import (
    Indicator,
    IndicatorValue,
    IndicatorValueCorrection,
    Programme,
)


@transaction.atomic
def indicator_value_set(*, indicator: Indicator, year: int, value: Decimal, source_note: str, by) -> IndicatorValue:
    """Enter a manual indicator's value for a year (computed indicators are filled by the system)."""
    require_staff(by)
    if indicator.computation:
        raise ValidationError(_("This indicator is computed by the system; its values are not typed."))
    current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if current is not None and current.locked:
        raise ValidationError(_("The value for %(year)d is locked; correct it with a reason.") % {"year": year},
                              code="locked")
    current = current or IndicatorValue(indicator=indicator, year=year)
    current.value, current.source_note, current.entered_by, current.computed = value, source_note, by, False
    _history_user(current, by)
    current.save()
    return current


@transaction.atomic
def indicator_values_compute(*, programme: Programme, year: int, by=None) -> list[IndicatorValue]:
    """Fill the year's values of every computed indicator from the data (locked values are left alone, and so
    are indicators whose computation has no data for the year)."""
    require_staff(by)
    filled = []
    for indicator in programme.indicators.exclude(computation=""):
        current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
        if current is not None and current.locked:
            continue
        try:
            value = computations.compute(indicator.computation, year=year)
        except computations.NotAvailable:
            continue  # nothing to count from yet: no value rather than a false zero
        current = current or IndicatorValue(indicator=indicator, year=year)
        current.value, current.computed, current.entered_by = value, True, by
        current.source_note = _("computed from the system's records")
        _history_user(current, by)
        current.save()
        filled.append(current)
    return filled


@transaction.atomic
def indicator_values_lock(*, programme: Programme, year: int, by=None) -> int:
    """Lock the year's values (called when the year's report is adopted)."""
    require_staff(by)
    return IndicatorValue.objects.filter(indicator__programme=programme, year=year, locked=False).update(locked=True)


@transaction.atomic
def indicator_value_correct(*, value: IndicatorValue, new_value: Decimal, reason: str, by) -> IndicatorValue:
    """The only way to change a locked value: the correction and its reason are recorded."""
    require_staff(by)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."), code="reason")
    value = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if not value.locked:
        raise ValidationError(_("Only a locked value is corrected; change it directly."))
    IndicatorValueCorrection.objects.create(value=value, old_value=value.value, new_value=new_value,
                                            reason=reason.strip(), corrected_by=by)
    value.value = new_value
    _history_user(value, by)
    value.save(update_fields=["value", "entered_at"])
    return value

