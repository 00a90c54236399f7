"""The only writers of background jobs."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .jobs import get_handler
from .models import Job

logger = logging.getLogger(__name__)


def _enqueue(job_id) -> None:
    from .tasks import run_job_task

    run_job_task.delay(str(job_id))


@transaction.atomic
def job_create(*, kind: str, title: str, params: dict | None = None, by=None) -> Job:
    """Record a job and enqueue it once the surrounding transaction commits.

    Enqueuing on commit means a worker never looks for a job row that is not yet visible, and a
    rolled-back request leaves no job behind.
    """
    get_handler(kind)  # fail now, in the caller, for an unknown kind
    job = Job.objects.create(kind=kind, title=title, params=params or {}, requested_by=by)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def job_retry(*, job: Job, by=None) -> Job:
    """Put a failed job back in the queue."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state != Job.State.FAILED:
        raise ValidationError(_("Only a failed job can be retried."))
    job.state, job.progress, job.error, job.message = Job.State.QUEUED, 0, "", ""
    job.save(update_fields=["state", "progress", "error", "message"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _claim(job_id) -> Job | None:
    """Mark the job running; None when there is nothing to do (finished already, or gone).

    A job found ``running`` is one whose worker died mid-way (the broker redelivered it because
    acknowledgement is late): it is run again from the start. Its result is written only together
    with the final state, so a job never ends up with two results.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state == Job.State.SUCCEEDED:
            return None
        job.state, job.started_at, job.progress = Job.State.RUNNING, timezone.now(), 0
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["state", "started_at", "progress", "attempts", "error"])
        return job


def job_run(*, job_id) -> Job | None:
    """Run a job to its end. Called by the Celery task; safe to call again for the same job."""
    job = _claim(job_id)
    if job is None:
        return None

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, int(percent))), message=message[:255])

    try:
        result = get_handler(job.kind)(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state == Job.State.SUCCEEDED:  # another delivery finished first
            return job
        job.result.save(result.filename, ContentFile(result.content), save=False)
        job.result_name = result.filename
        job.result_content_type = result.content_type
        job.state, job.progress, job.finished_at = Job.State.SUCCEEDED, 100, timezone.now()
        job.message = ""
        job.save(update_fields=["result", "result_name", "result_content_type", "state", "progress",
                                "finished_at", "message"])
    return job
