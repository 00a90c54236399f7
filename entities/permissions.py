import rules

from accounts.permissions import is_board_viewer, is_committee_member, is_pes_representative, is_staff_member

from .models import Entity


@rules.predicate
def represents_entity(user, entity) -> bool:
    """The user is a PES representative of this entity (``Entity.objects.represented_by``, for one entity)."""
    if entity is None or entity.pk is None:
        return False
    return Entity.objects.represented_by(user).filter(pk=entity.pk).exists()


can_browse_registry = is_staff_member | is_board_viewer | is_committee_member

rules.add_perm("entities.list_entities", can_browse_registry | is_pes_representative)
rules.add_perm("entities.view_entity", can_browse_registry | represents_entity)
rules.add_perm("entities.change_entity", is_staff_member | represents_entity)
rules.add_perm("entities.import_entities", is_staff_member)
