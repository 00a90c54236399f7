from django.conf import settings
from django.http import Http404
from django.utils import timezone

from .guards import holds
from .models import AccessibilityStatement, DataSubjectRequest, Job, PrivacySettings


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


def privacy_settings():
    """The controller and DPO contact (one row; created with the installation's name on first use)."""
    current = PrivacySettings.objects.first()
    if current is None:
        current = PrivacySettings.objects.create(controller=settings.ROPS_NAME, controller_address="",
                                                 dpo_email="")
    return current


def data_requests_due(user, today=None) -> list:
    """For a staff home page (issue 15): open data subject requests, soonest deadline first, with whether each
    is overdue. Empty for everybody but staff."""
    if not holds(user, "core.handle_data_requests"):
        return []
    today = today or timezone.localdate()
    return sorted(((r, r.due_on, r.overdue(today)) for r in DataSubjectRequest.objects.filter(
        status=DataSubjectRequest.Status.OPEN)), key=lambda row: row[1])
