"""Reads for the registers feature: the open staff tasks (for the staff home page), the task list, and what an
entity holds that makes a change in the registers urgent (``entity_flags``)."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..models import Entity, PsStatus
from .legal_forms import normalise
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


def _certified_ids(ids) -> set[int]:
    # Certificates in force are defined once, by the public register of the mark (certification.selectors).
    from certification.selectors import public_register

    return set(public_register().filter(application__entity_id__in=ids)
               .values_list("application__entity_id", flat=True))


def _key(text: str) -> str:
    return normalise(text)


def _committee_ids(entities: list[Entity]) -> set[int]:
    """Entities represented on a committee: a member in office today (``Member.objects.in_office``) whose
    represented body is the entity — by its name or short name (ignoring case, diacritics and quotes, and a
    trailing "w <place>") — or whose account represents the entity (``Entity.objects.represented_by``)."""
    from committee.models import Member

    members = list(Member.objects.in_office().select_related("user"))
    if not members:
        return set()
    bodies = {_key(m.represented_body) for m in members if m.represented_body}
    found = set()
    for entity in entities:
        names = {_key(entity.name), _key(entity.short_name)} - {""}
        names |= {re.sub(r" W [A-Z ]+$", "", n) for n in names}
        if names & bodies:
            found.add(entity.pk)
    users = {m.user for m in members}
    for user in users:
        found |= set(Entity.objects.represented_by(user).filter(pk__in=[e.pk for e in entities])
                     .values_list("pk", flat=True))
    return found


def entity_flags(entities: list[Entity]) -> dict[int, EntityFlags]:
    """What each entity holds: a valid certificate of the mark, PS status now, a seat on a committee."""
    ids = [e.pk for e in entities]
    if not ids:
        return {}
    certified = _certified_ids(ids)
    with_ps = set(PsStatus.objects.in_force().filter(entity_id__in=ids).values_list("entity_id", flat=True))
    committee = _committee_ids(entities)
    return {pk: EntityFlags(holds_certificate=pk in certified, has_ps=pk in with_ps, on_committee=pk in committee)
            for pk in ids}


def entities_with_numbers(*, krs=(), regon=()) -> QuerySet[Entity]:
    """Registry entities with one of these KRS numbers or REGONs (9-digit ones also match their local units)."""
    regon = [r for r in regon if r]
    query = Q(krs__in=list(krs)) if krs else Q(pk__in=[])
    if regon:
        query |= Q(regon__in=regon)
    return Entity.objects.filter(query).order_by("pk")
