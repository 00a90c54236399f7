from celery import shared_task

from .services import participants_anonymise


@shared_task(acks_late=True)
def anonymise_participants_task() -> int:
    """Daily: clear personal data of participants past the retention period (counts stay)."""
    return participants_anonymise()
