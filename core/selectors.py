from django.http import Http404

from .models import AccessibilityStatement, Job


def job_get_for_user(*, user, pk) -> Job:
    """The job, or 404 both when it does not exist and when the user may not see it."""
    job = Job.objects.select_related("requested_by").filter(pk=pk).first()
    if job is None or not user.has_perm("core.view_job", job):
        raise Http404
    return job


def job_list_for_user(*, user, limit: int = 10):
    return Job.objects.filter(requested_by=user).order_by("-created_at")[:limit]


def accessibility_statement() -> AccessibilityStatement:
    """The statement as published (its defaults until the ROPS administrator first saves it)."""
    return AccessibilityStatement.objects.order_by("pk").first() or AccessibilityStatement.default()
