from celery import shared_task

from .services import close_due_votes


@shared_task(acks_late=True)
def close_due_votes_task() -> int:
    """Close votes whose deadline has passed (every few minutes). Reminders of votes: ``core.reminders``."""
    return close_due_votes()
