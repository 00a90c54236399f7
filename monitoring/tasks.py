from celery import shared_task

from .models import Campaign
from .services import reminders_send


@shared_task(acks_late=True)
def monitoring_reminders_task() -> int:
    """Daily: remind respondents who have not answered, on each open campaign's reminder days."""
    return sum(reminders_send(campaign=c) for c in Campaign.objects.filter(status=Campaign.Status.OPEN))
