"""Celery tasks of the registry: ids in, a service does the work."""

from celery import shared_task

from .sources.services import registry_check, registry_watch_run


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def registry_watch_task() -> dict:
    """Nightly (Celery beat, ``entities-registry-watch``): read the KRS bulletin and the GUS lists of the days not
    yet read and turn changes of entities we hold into staff tasks. Safe to run twice (idempotent)."""
    report = registry_watch_run()
    return {"days": {feed: [d.isoformat() for d in days] for feed, days in report.days.items()},
            "tasks": report.tasks, "errors": report.errors}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def registry_check_task(entity_id: int) -> bool:
    """Check an entity on the way in (self-registration, an application for the mark); True when the registers
    confirm an active entity. A register that does not answer changes nothing."""
    return registry_check(entity_id=entity_id).confirmed
