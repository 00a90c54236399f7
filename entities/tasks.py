"""Celery tasks of the registry: ids in, a service does the work."""

from celery import shared_task
from django.utils import timezone

from .computations import registry_figures_keep
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


@shared_task
def registry_figures_keep_task() -> list[int]:
    """Every five minutes (Celery beat, ``entities-figures-keep``): the registry-wide figures of this year and
    the two before, computed once under the registry's version if a write has moved it on (a kept figure costs one
    query), so that a dashboard seldom computes them itself."""
    year = timezone.localdate().year
    return registry_figures_keep(range(year - 2, year + 1))
