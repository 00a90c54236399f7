"""``{% sort_header "title" _("Title") %}``: a column header of a sortable list (``core.sorting``), a link that
sorts by the column (again: the other way) and ``aria-sort`` saying how the list is sorted now. The view puts
the sorting in force in the context as ``sorting``."""

from django import template
from django.utils.translation import gettext as _

from core.sorting import SORT_PARAM

register = template.Library()


@register.inclusion_tag("core/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str, css_class: str = ""):
    sorting = context.get("sorting")
    request = context.get("request")
    active = sorting is not None and sorting.key == key
    descending = active and sorting.descending
    query = request.GET.copy() if request is not None else None
    next_value = key if (not active or descending) else f"-{key}"
    if query is not None:
        query[SORT_PARAM] = next_value
        query.pop("page", None)
    return {
        "label": label, "css_class": css_class, "href": "?" + (query.urlencode() if query is not None else ""),
        "aria_sort": ("descending" if descending else "ascending") if active else "none",
        "hint": _("sort descending") if next_value.startswith("-") else _("sort ascending"),
        "arrow": ("▼" if descending else "▲") if active else "",
    }
