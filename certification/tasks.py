from celery import shared_task

from .services import certificate_list_publish, certificates_daily


@shared_task(acks_late=True)
def certificates_daily_task() -> dict:
    """Daily: activate, remind (60 and 14 days before expiry) and expire certificates."""
    return certificates_daily()


@shared_task(acks_late=True)
def certificate_list_publish_task() -> str:
    """Daily: publish the signed list of all certificates with their state (docs/sealing.md)."""
    return str(certificate_list_publish(by=None))
