from django.db.models import QuerySet
from django.http import Http404

from .models import Entity
from .permissions import can_browse_registry


def entity_list(*, user) -> QuerySet[Entity]:
    """Entities the user may see: the whole registry for ROPS roles, own entities for a PES."""
    qs = Entity.objects.all()
    if can_browse_registry(user):
        return qs
    return qs.filter(representations__user=user).distinct()


def entity_get_for_user(*, user, pk) -> Entity:
    entity = Entity.objects.filter(pk=pk).first()
    if entity is None or not user.has_perm("entities.view_entity", entity):
        raise Http404
    return entity
