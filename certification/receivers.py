"""Reactions to other apps' events."""

import logging

from django.dispatch import receiver

from committee.services import resolution_closed

from .models import Application
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
