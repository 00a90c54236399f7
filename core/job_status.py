"""Progress where a job starts: the page that ordered a report or a PDF shows the job's state in place.

A view that starts a job answers ``redirect_to_job(obj_or_url, job)``: back to the page it was started from, with
``?job=<id>#job-status``; that page's template says ``{% load jobs %}{% job_status %}``, which shows the job
(polled with htmx from ``core:job_detail``) to whoever may see it (``core.view_job``) and nothing to anyone else.
"""

import uuid

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .models import Job

JOB_PARAMETER = "job"


def redirect_to_job(to, job: Job) -> HttpResponseRedirect:
    """Back to ``to`` (an object with ``get_absolute_url``, a URL name or a path), showing ``job`` there."""
    return HttpResponseRedirect(f"{resolve_url(to)}?{JOB_PARAMETER}={job.pk}#job-status")


def job_shown_on_page(request: HttpRequest) -> Job | None:
    """The job named in the page's ``?job=``, when it exists and the user may see it; otherwise ``None``."""
    try:
        pk = uuid.UUID(request.GET.get(JOB_PARAMETER, ""))
    except ValueError:
        return None
    job = Job.objects.select_related("requested_by").filter(pk=pk).first()
    if job is None or not request.user.has_perm("core.view_job", job):
        return None
    return job


def safe_back(request: HttpRequest, value: str | None) -> str:
    """``value`` when it is a path of this site (the page the job was started from), else an empty string."""
    if value and value.startswith("/") and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return ""
