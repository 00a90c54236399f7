"""The only writers of background jobs."""

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .jobs import get_handler
from .models import AccessibilityStatement, Job

logger = logging.getLogger(__name__)


# The task that runs a job, looked up by name in the Celery app: core.tasks imports this module to run the job, so
# importing the task here would close a circle (docs/architecture.md).
RUN_JOB_TASK = "core.tasks.run_job_task"


def _enqueue(job_id) -> bool:
    """Hand the job to the queue; False (and the job marked so) when the queue does not answer in time.

    Publishing uses short connect and send timeouts (``CELERY_BROKER_*`` settings) and no retries, so a dead or
    hung broker costs the request a few seconds, never a 500: the job stays queued and ``jobs_recover`` sends it
    again. In-process mode (no broker: the demo and the SQLite test suite) runs it at once, as before.
    """
    run_job_task = current_app.tasks[RUN_JOB_TASK]

    if settings.CELERY_TASK_ALWAYS_EAGER:
        Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now(), queue_error_at=None)
        run_job_task.delay(str(job_id))
        return True
    try:
        run_job_task.apply_async(args=[str(job_id)], retry=False)
    except Exception:  # noqa: BLE001 - whatever the broker's failure, the job must survive it
        logger.warning("Job %s could not be queued; it will be sent again", job_id, exc_info=True)
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(queue_error_at=timezone.now())
        return False
    Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now(), queue_error_at=None)
    return True


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
    """Put a failed job back in the queue, with a new budget of ``JOB_MAX_ATTEMPTS`` attempts."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state != Job.State.FAILED:
        raise ValidationError(_("Only a failed job can be retried."))
    job.state, job.progress, job.error, job.message, job.attempts = Job.State.QUEUED, 0, "", "", 0
    job.save(update_fields=["state", "progress", "error", "message", "attempts"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _is_alive(job: Job, now) -> bool:
    """A running job is alive while its heartbeat (or its start) is recent."""
    seen = job.heartbeat_at or job.started_at
    return seen is not None and (now - seen).total_seconds() < settings.JOB_STALE_AFTER_SECONDS


def _give_up(job: Job) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        job.error = ngettext(
            "The job stopped its worker %(n)d time and was not tried again. The data it works on may be too "
            "large; tell the system's administrator.",
            "The job stopped its worker %(n)d times and was not tried again. The data it works on may be too "
            "large; tell the system's administrator.", job.attempts) % {"n": job.attempts}
    job.state, job.finished_at = Job.State.FAILED, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def _claim(job_id) -> Job | None:
    """Mark the job running; None when there is nothing to do (finished already, or gone).

    A job found ``running`` is one whose worker died mid-way (the broker redelivered it because
    acknowledgement is late): it is run again from the start. Its result is written only together
    with the final state, so a job never ends up with two results.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        now = timezone.now()
        if job is None or job.state in (Job.State.SUCCEEDED, Job.State.FAILED):
            return None
        if job.state == Job.State.RUNNING and _is_alive(job, now):
            return None   # a second delivery while another worker runs it
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _give_up(job)
            return None
        job.state, job.started_at, job.heartbeat_at, job.progress = Job.State.RUNNING, now, now, 0
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["state", "started_at", "heartbeat_at", "progress", "attempts", "error"])
        return job


class _Heartbeat:
    """Touches the running job's ``heartbeat_at`` every ``JOB_HEARTBEAT_SECONDS`` from a thread of its own (a
    handler may render one PDF for minutes without reporting progress)."""

    def __init__(self, job_id) -> None:
        import threading

        self.job_id, self.stop = job_id, threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        from django.db import connection

        try:
            while not self.stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(5)


def job_run(*, job_id) -> Job | None:
    """Run a job to its end. Called by the Celery task; safe to call again for the same job."""
    job = _claim(job_id)
    if job is None:
        return None

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, int(percent))), message=message[:255],
                                             heartbeat_at=timezone.now())

    try:
        with _Heartbeat(job.pk):
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


def jobs_recover(*, now=None) -> dict[str, int]:
    """Periodic (Celery beat, every minute): send again queued jobs the queue never took or lost, and put back in
    the queue running jobs whose worker died (no heartbeat), giving up after ``JOB_MAX_ATTEMPTS``. Idempotent: a
    job delivered twice runs once (``_claim``)."""
    now = now or timezone.now()
    counts = {"requeued": 0, "restarted": 0, "given_up": 0}
    waited = now - timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    queued = Job.objects.filter(state=Job.State.QUEUED, created_at__lt=waited).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=waited))
    for job_id in queued.values_list("pk", flat=True):
        counts["requeued"] += _enqueue(job_id)
    lost = Job.objects.filter(state=Job.State.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale))
    for job_id in lost.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.state != Job.State.RUNNING or _is_alive(job, now):
                continue
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                _give_up(job)
                counts["given_up"] += 1
                continue
            job.state = Job.State.QUEUED
            job.save(update_fields=["state"])
        counts["restarted"] += _enqueue(job_id)
    return counts


ACCESSIBILITY_FIELDS = ("entity_name", "website_url", "published_on", "updated_on", "compliance",
                        "inaccessible_content", "prepared_on", "reviewed_on", "assessment", "auditor",
                        "keyboard_and_aids", "contact_person", "contact_email", "contact_phone", "architecture",
                        "mobile_apps")


@transaction.atomic
def accessibility_statement_save(*, by, **fields):
    """The ROPS administrator changes the accessibility statement (recorded in its history)."""
    from .audit import set_history_user
    from .selectors import accessibility_statement

    if by is None or not by.has_perm("core.edit_accessibility_statement"):
        raise PermissionDenied
    unknown = set(fields) - set(ACCESSIBILITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    statement = accessibility_statement()
    if statement.pk:
        statement = AccessibilityStatement.objects.select_for_update().get(pk=statement.pk)
    for name, value in fields.items():
        setattr(statement, name, value)
    if statement.compliance != AccessibilityStatement.Compliance.FULL and not statement.inaccessible_content.strip():
        raise ValidationError({"inaccessible_content": _("Say what is not accessible and why: the website is not "
                                                         "fully compliant.")})
    if statement.assessment == AccessibilityStatement.Assessment.AUDITOR and not statement.auditor.strip():
        raise ValidationError({"auditor": _("Name the party that assessed the website.")})
    statement.full_clean()
    set_history_user(statement, by)
    statement.save()
    return statement
