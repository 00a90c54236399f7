"""``{% ezd_box obj %}``: on a record's page, for staff, the case package download and the EZD case sign."""

from django import template

from ..ezd import has_package
from ..guards import holds
from ..services import ezd_case_sign_of

register = template.Library()


@register.inclusion_tag("core/_ezd_box.html", takes_context=True)
def ezd_box(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or not has_package(obj) or not holds(user, "core.handle_case_packages"):
        return {"show": False}
    return {"show": True, "obj": obj, "label": obj._meta.label_lower, "case_sign": ezd_case_sign_of(obj),
            "csrf_token": context.get("csrf_token")}
