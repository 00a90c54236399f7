"""Checks on the way in, without the registration and certification code knowing about the registers: when a PES
registers itself or an application for the mark is submitted, the entity is checked in the registers after the
transaction commits (``entities.tasks.registry_check_task``). Connected in ``EntitiesConfig.ready``."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver


def _check_later(entity_id) -> None:
    if entity_id:
        from ..tasks import registry_check_task

        transaction.on_commit(lambda: registry_check_task.delay(entity_id))


@receiver(post_save, sender="accounts.RegistrationRequest", dispatch_uid="entities-registry-check-registration")
def registration_check(sender, instance, created, **kwargs) -> None:
    if created:
        _check_later(instance.entity_id)


@receiver(post_save, sender="certification.Application", dispatch_uid="entities-registry-check-application")
def application_check(sender, instance, created, update_fields=None, **kwargs) -> None:
    from certification.models import Status

    if instance.status == Status.SUBMITTED and (update_fields is None or "status" in update_fields):
        _check_later(instance.entity_id)
