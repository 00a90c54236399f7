from celery import shared_task

from .services import close_due_votes, send_vote_reminders


@shared_task(acks_late=True)
def close_due_votes_task() -> int:
    """Close votes whose deadline has passed (every few minutes)."""
    return close_due_votes()


@shared_task(acks_late=True)
def send_vote_reminders_task() -> int:
    """Remind members who have not voted, within 48 hours of the deadline (hourly; once per member)."""
    return send_vote_reminders()
