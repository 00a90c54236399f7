from celery import shared_task
from django.db import OperationalError

from .mail import digests_send
from .reminders import reminders_send
from .services import job_run, jobs_recover, retention_review


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def run_job_task(self, job_id: str) -> str | None:
    """Run one background job by id. Redelivery after a lost worker runs it again (see job_run)."""
    job = job_run(job_id=job_id)
    return str(job.pk) if job else None


@shared_task
def jobs_recover_task() -> dict[str, int]:
    """Every minute (beat): jobs the queue lost or whose worker died are sent again (``jobs_recover``)."""
    return jobs_recover()


@shared_task
def retention_review_task() -> int:
    """Monthly (beat): list the records past their retention period for staff to confirm (``retention_review``)."""
    return retention_review()


@shared_task
def digests_send_task() -> int:
    """Daily (beat): each person's queued notifications in one e-mail (``core.mail.digests_send``)."""
    return digests_send()


@shared_task
def reminders_send_task() -> int:
    """Hourly (beat): the reminders before and after each due date, each once (``core.reminders``)."""
    return reminders_send()
