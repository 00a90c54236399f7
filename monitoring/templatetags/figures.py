"""``{{ value|figure:unit }}``: a figure as every page shows it (``core.computations.figure_text``:
rounded half up once, grouped, "no data" for a missing value). Text that is not a number is shown as it is."""

from decimal import Decimal, InvalidOperation

from django import template

from core.computations import figure_text, unit_text

register = template.Library()


@register.filter
def figure(value, unit: str = "") -> str | bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            return value
    return figure_text(value, unit or "")


@register.filter
def unit(unit_name: str, value) -> str:
    """``{{ indicator.unit|unit:value }}``: the unit agreeing with the figure before it (``unit_text``)."""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            return unit_name
    return unit_text(value, unit_name or "")
