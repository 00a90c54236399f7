"""The only writers of registry entities."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import set_history_user

from .models import Entity
from .validators import normalize_digits

EDITABLE_FIELDS = ["name", "short_name", "legal_form", "parent", "krs", "nip", "regon", "seat", "address",
                   "postal_code", "email", "phone", "website", "description", "registered_on", "is_active",
                   "closed_on", "in_catalogue"]
# What a PES representative may change about their own entity (identifiers and status stay with the ROPS).
REPRESENTATIVE_FIELDS = ["short_name", "address", "postal_code", "email", "phone", "website", "description",
                         "in_catalogue"]


def _clean_ids(values: dict) -> dict:
    for key in ("nip", "krs", "regon"):
        if key in values:
            values[key] = normalize_digits(values[key]) or (None if key != "regon" else "")
    return values


def _save(entity: Entity, by, reason: str = "") -> Entity:
    set_history_user(entity, by)
    if reason:
        entity._change_reason = reason[:100]  # the history column holds 100 characters
    entity.full_clean()
    try:
        with transaction.atomic():
            entity.save()
    except IntegrityError as exc:  # a parallel save took the NIP or KRS a moment ago
        raise ValidationError(_("Another entity in the registry already has this NIP or KRS.")) from exc
    return entity


@transaction.atomic
def entity_create(*, by, activity_area=(), reason: str = "", **fields) -> Entity:
    """Add an entity. ``reason`` is kept in its history (e.g. the import file it came from)."""
    entity = Entity(**_clean_ids(fields))
    _save(entity, by, reason)
    entity.activity_area.set(activity_area)
    return entity


@transaction.atomic
def entity_update(*, entity: Entity, by, activity_area=None, reason: str = "", **fields) -> Entity:
    """Change an entity under a row lock; ``activity_area=None`` leaves the powiaty as they are."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown entity fields: {sorted(unknown)}")
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    for name, value in _clean_ids(fields).items():
        setattr(entity, name, value)
    if entity.closed_on and entity.is_active:
        entity.is_active = False
    _save(entity, by, reason)
    if activity_area is not None:
        entity.activity_area.set(activity_area)
    return entity


@transaction.atomic
def entity_merge(*, keep: Entity, duplicate: Entity, by) -> Entity:
    """Merge a duplicate record into ``keep``.

    Everything that points at the duplicate, in any app, moves to ``keep``; fields ``keep`` lacks are filled
    from the duplicate; the duplicate is closed, not deleted, so its history stays readable. If both records
    hold something that may exist only once (the same year's figures, the same survey), the merge is refused
    and nothing changes.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An entity cannot be merged with itself."))
    keep = Entity.objects.select_for_update().get(pk=keep.pk)
    duplicate = Entity.objects.select_for_update().get(pk=duplicate.pk)
    keep.representations.model.objects.filter(
        entity=duplicate, user_id__in=keep.representations.values_list("user_id", flat=True)).delete()
    for relation in Entity._meta.related_objects:
        model = relation.related_model
        if model._meta.object_name.startswith("Historical"):
            continue  # audit rows keep pointing at what was true then
        name = relation.field.name
        if relation.many_to_many:
            for obj in model._default_manager.filter(**{name: duplicate}):
                getattr(obj, name).remove(duplicate)
                getattr(obj, name).add(keep)
            continue
        try:
            with transaction.atomic():
                model._default_manager.filter(**{name: duplicate}).update(**{name: keep})
        except IntegrityError:
            raise ValidationError(_("Both records have %(what)s that can exist only once; resolve that first.")
                                  % {"what": model._meta.verbose_name_plural}) from None
    moved = {}
    for name in ["nip", "krs", "regon", "seat", "address", "postal_code", "email", "phone", "website",
                 "description", "registered_on", "short_name", "parent"]:
        if not getattr(keep, name) and getattr(duplicate, name):
            moved[name] = getattr(duplicate, name)
    keep.activity_area.add(*duplicate.activity_area.all())
    duplicate.nip = duplicate.krs = None  # the identifiers now belong to ``keep``
    duplicate.is_active, duplicate.in_catalogue = False, False
    duplicate.description = _("Merged into %(name)s (id %(pk)d).") % {"name": keep.name, "pk": keep.pk}
    _save(duplicate, by)
    for name, value in moved.items():
        setattr(keep, name, value)
    _save(keep, by)
    return keep
