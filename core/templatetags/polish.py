"""Polish on the pages.

``{{ share|percent }}``: a percentage in the project's one style, "41,3%" (``core.computations.percent_text``).
Data in Polish inside another interface language: ``{{ entity.name|pl }}`` marks it ``lang="pl"`` (WCAG 3.1.2)
so that a screen reader reads it with Polish pronunciation; in the Polish interface it is the plain text.
A builtin (config/settings TEMPLATES "builtins"): no ``{% load %}`` needed. Use it in text, never in attributes."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from core.computations import percent_text

register = template.Library()


@register.filter
def percent(value) -> str:
    """``41.25`` → "41,3%", ``50`` → "50%", None → "" (every percentage a page or a PDF shows goes through it)."""
    return percent_text(value)


@register.filter(needs_autoescape=True)
def pl(value, autoescape=True):
    if value is None or value == "":
        return ""
    if (translation.get_language() or "pl").split("-")[0] == "pl":
        return conditional_escape(value) if autoescape else value
    return format_html('<span lang="pl">{}</span>', value)
