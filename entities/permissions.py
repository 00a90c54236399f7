import rules

from accounts.permissions import is_board_viewer, is_committee_member, is_pes_representative, is_staff_member

from .models import Entity

# Every field of an entity that can be changed after it was added (``entities.services.entity_update``); ROPS staff
# may change them all. ``is_confirmed`` is not among them: it changes only by ``entity_confirm``.
ENTITY_FIELDS = ("name", "short_name", "legal_form", "parent", "krs", "nip", "regon", "seat", "address",
                 "postal_code", "email", "phone", "edelivery_address", "website", "description", "registered_on",
                 "is_active", "closed_on", "in_catalogue", "activity_area")
# What a PES representative may change about their own entity: contacts and public fields. Identifiers, the legal
# form, the seat, the dates and the status stay with the ROPS.
REPRESENTATIVE_FIELDS = ("short_name", "address", "postal_code", "email", "phone", "edelivery_address", "website",
                         "description", "in_catalogue")


@rules.predicate
def represents_entity(user, entity) -> bool:
    """The user is a PES representative of this entity (``Entity.objects.represented_by``, for one entity)."""
    if entity is None or entity.pk is None:
        return False
    return Entity.objects.represented_by(user).filter(pk=entity.pk).exists()


def editable_fields(user, entity) -> tuple[str, ...]:
    """The fields of ``entity`` that ``user`` may change: all for ROPS staff, ``REPRESENTATIVE_FIELDS`` for its PES
    representative, none for anybody else. The edit form shows these and ``entity_update`` refuses any other."""
    if is_staff_member(user):
        return ENTITY_FIELDS
    if represents_entity(user, entity):
        return REPRESENTATIVE_FIELDS
    return ()


can_browse_registry = is_staff_member | is_board_viewer | is_committee_member
# Contact persons not marked public (``Contact.is_public``) are personal data for ROPS staff and the entity's own
# representatives only: not committee members, not board viewers, not the public (``selectors.contacts_visible_to``).
sees_private_contacts = is_staff_member | represents_entity

rules.add_perm("entities.list_entities", can_browse_registry | is_pes_representative)
rules.add_perm("entities.view_entity", can_browse_registry | represents_entity)
rules.add_perm("entities.change_entity", is_staff_member | represents_entity)
rules.add_perm("entities.import_entities", is_staff_member)
# The entity picker of staff forms (``entities:picker_search``): the registry searched by name, NIP, KRS.
rules.add_perm("entities.pick_entities", is_staff_member)
rules.add_perm("entities.view_private_contacts", sees_private_contacts)
