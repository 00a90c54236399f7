from celery import shared_task

from .services import certificates_daily


@shared_task(acks_late=True)
def certificates_daily_task() -> dict:
    """Daily: activate, remind (60 and 14 days before expiry) and expire certificates."""
    return certificates_daily()
