"""Reactions to other apps' events, and what certification tells the registers' watch (entities.sources)."""

import logging

from django.db.models.signals import post_save
from django.dispatch import receiver

from committee.services import resolution_closed
from entities.sources.selectors import entity_flag_provider
from entities.sources.signals import registry_check_later

from .models import Application, Status
from .selectors import public_register
from .services import application_apply_vote

logger = logging.getLogger(__name__)


@receiver(resolution_closed, dispatch_uid="certification_vote_decides")
def vote_decides(sender, resolution, **kwargs) -> None:
    """The chapter's closed vote moves the application to granted or refused (through the one service).

    The vote is already closed and committed; should this step fail, the daily run
    (``certificates_daily``) applies the decision later, so the failure is logged, not raised.
    """
    application = Application.objects.filter(resolution=resolution).first()
    if application is None:
        return
    try:
        application_apply_vote(application=application)
    except Exception:
        logger.exception("Applying the chapter's vote %s to application %s failed", resolution.pk, application.pk)


@entity_flag_provider("holds_certificate")
def entities_holding_a_certificate(entities) -> set[int]:
    """For the registers' watch: which of these entities hold a certificate in force (the public register's rule)."""
    return set(public_register().filter(application__entity_id__in=[e.pk for e in entities])
               .values_list("application__entity_id", flat=True))


@receiver(post_save, sender=Application, dispatch_uid="entities-registry-check-application")
def application_submitted_check(sender, instance, created, update_fields=None, **kwargs) -> None:
    """A submitted application's entity is checked in the registers once the transaction commits."""
    if instance.status == Status.SUBMITTED and (update_fields is None or "status" in update_fields):
        registry_check_later(instance.entity_id)
