from celery import shared_task

from .registration import registrations_purge


@shared_task(acks_late=True)
def registrations_purge_task() -> int:
    """Daily: delete self-registrations whose e-mail link was never used (see ``registrations_purge``)."""
    return registrations_purge()
