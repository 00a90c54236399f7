"""What the committee tells the registers' watch (entities.sources): which entities sit on a committee."""

import re

from entities.models import Entity
from entities.sources.legal_forms import normalise
from entities.sources.selectors import entity_flag_provider

from .models import Member


def _key(text: str) -> str:
    return normalise(text)


@entity_flag_provider("on_committee")
def entities_on_a_committee(entities: list[Entity]) -> set[int]:
    """Entities represented on a committee: a member in office today (``Member.objects.in_office``) whose
    represented body is the entity — by its name or short name (ignoring case, diacritics and quotes, and a
    trailing "w <place>") — or whose account represents the entity (``Entity.objects.represented_by``)."""
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
