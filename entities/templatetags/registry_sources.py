"""``{% registry_status entity %}``: the last check of an entity in the state registers (staff only; nothing for
others). Used by the entity page, the staff view of a self-registration and of an application for the mark."""

from django import template

from ..sources.selectors import registry_snapshot_of, registry_tasks_open_count

register = template.Library()


@register.inclusion_tag("entities/_registry_status.html", takes_context=True)
def registry_status(context, entity):
    request = context.get("request")
    user = getattr(request, "user", None)
    if entity is None or user is None or not user.has_perm("entities.use_registers"):
        return {"hidden": True}
    return {"entity": entity, "snapshot": registry_snapshot_of(entity), "request": request}


@register.inclusion_tag("entities/_registry_tasks_badge.html", takes_context=True)
def registry_tasks_badge(context):
    """The number of open registry tasks, for the navigation or the staff home page (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("entities.view_registry_tasks"):
        return {"count": None}
    return {"count": registry_tasks_open_count()}
