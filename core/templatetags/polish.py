"""Data in Polish inside another interface language: ``{{ entity.name|pl }}`` marks it ``lang="pl"`` (WCAG 3.1.2)
so that a screen reader reads it with Polish pronunciation; in the Polish interface it is the plain text.
A builtin (config/settings TEMPLATES "builtins"): no ``{% load %}`` needed. Use it in text, never in attributes."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

register = template.Library()


@register.filter(needs_autoescape=True)
def pl(value, autoescape=True):
    if value is None or value == "":
        return ""
    if (translation.get_language() or "pl").split("-")[0] == "pl":
        return conditional_escape(value) if autoescape else value
    return format_html('<span lang="pl">{}</span>', value)
