"""``{% information_clause "app.activity" %}``: the information clause (art. 13 GDPR) of a public form, from the
register declared in code (``core.privacy``) and the controller/DPO settings the ROPS administrator keeps."""

from django import template

from ..privacy import activity
from ..selectors import privacy_settings

register = template.Library()


@register.inclusion_tag("core/_information_clause.html")
def information_clause(key: str):
    return {"activity": activity(key), "settings": privacy_settings()}
