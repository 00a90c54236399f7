"""Reads for the registers feature: the open staff tasks (for the staff home page), the task list, and what an
entity holds that makes a change in the registers urgent (``entity_flags``)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..models import Entity, PsStatus
from .models import RegistryAcceptance, RegistrySnapshot, RegistryTask


def registry_tasks_open() -> QuerySet[RegistryTask]:
    """Open tasks raised by the registers, newest first, with their entity: what the staff home page shows."""
    return RegistryTask.objects.open().select_related("entity").order_by("-detected_on", "-pk")


def registry_tasks_open_count() -> int:
    return RegistryTask.objects.open().count()


def registry_task_list(*, status: str = RegistryTask.Status.OPEN) -> QuerySet[RegistryTask]:
    qs = RegistryTask.objects.select_related("entity", "closed_by")
    if status in RegistryTask.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-detected_on", "-pk")


def registry_snapshot_of(entity: Entity) -> RegistrySnapshot | None:
    return RegistrySnapshot.objects.filter(entity=entity).first()


def registry_acceptances_of(entity: Entity) -> list[RegistryAcceptance]:
    return list(entity.registry_acceptances.select_related("accepted_by")[:10])


@dataclass(frozen=True)
class EntityFlags:
    holds_certificate: bool = False
    has_ps: bool = False
    on_committee: bool = False


# What makes a change in the registers urgent for an entity, as higher apps know it (a certificate of the mark in
# force: certification; a seat on a committee: committee). Each fills in its flag in its AppConfig.ready() with
# ``entity_flag_provider``; entities does not import them (docs/architecture.md, the app order).
FLAG_PROVIDERS: dict[str, Callable[[list[Entity]], set[int]]] = {}


def entity_flag_provider(flag: str):
    """Register ``function(entities) -> set of their pks that hold the flag`` for an ``EntityFlags`` field."""
    if flag not in EntityFlags.__dataclass_fields__ or flag == "has_ps":
        raise ValueError(f"Unknown entity flag: {flag}")

    def register(function):
        FLAG_PROVIDERS[flag] = function
        return function

    return register


def entity_flags(entities: list[Entity]) -> dict[int, EntityFlags]:
    """What each entity holds: a valid certificate of the mark, PS status now, a seat on a committee."""
    ids = [e.pk for e in entities]
    if not ids:
        return {}
    with_ps = PsStatus.objects.holders(ids)
    held = {flag: provider(entities) for flag, provider in FLAG_PROVIDERS.items()}
    return {pk: EntityFlags(has_ps=pk in with_ps, **{flag: pk in pks for flag, pks in held.items()}) for pk in ids}


def entities_with_numbers(*, krs=(), regon=()) -> QuerySet[Entity]:
    """Registry entities with one of these KRS numbers or REGONs (9-digit ones also match their local units)."""
    regon = [r for r in regon if r]
    query = Q(krs__in=list(krs)) if krs else Q(pk__in=[])
    if regon:
        query |= Q(regon__in=regon)
    return Entity.objects.filter(query).order_by("pk")
