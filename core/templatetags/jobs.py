"""``{% job_status %}``: on the page a job was started from, its progress (see ``core.job_status``)."""

from django import template

from ..job_status import job_shown_on_page

register = template.Library()


@register.inclusion_tag("core/_job_status.html", takes_context=True)
def job_status(context):
    request = context["request"]
    return {"job": job_shown_on_page(request), "back": request.path, "request": request}
