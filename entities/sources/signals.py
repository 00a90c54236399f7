"""Checks on the way in: when a PES registers itself (accounts, below entities: listened to here) or an
application for the mark is submitted (certification, above entities: it calls ``registry_check_later`` from its
own receiver), the entity is checked in the registers after the transaction commits
(``entities.tasks.registry_check_task``). Connected in ``EntitiesConfig.ready``."""

from celery import current_app
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

# Looked up by name: entities.tasks imports the registers' services, so importing it here would close a circle.
REGISTRY_CHECK_TASK = "entities.tasks.registry_check_task"


def registry_check_later(entity_id) -> None:
    if entity_id:
        transaction.on_commit(lambda: current_app.tasks[REGISTRY_CHECK_TASK].delay(entity_id))


@receiver(post_save, sender="accounts.RegistrationRequest", dispatch_uid="entities-registry-check-registration")
def registration_check(sender, instance, created, **kwargs) -> None:
    if created:
        registry_check_later(instance.entity_id)
