"""The only writers of registry entities.

Each takes ``by``, the person who acts (``None`` is the system: a command, a task, the demo), records it in the
history and checks that person: adding, merging and confirming are for ROPS staff; a change is allowed for the fields
``entities.permissions.editable_fields`` gives that person for that entity, whatever form or file it came from.
"""

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user
from core.choices import field_label
from core.privacy import Erasure

from .models import Contact, Entity
from .permissions import ENTITY_FIELDS, editable_fields
from .validators import normalize_digits, normalize_postal_code

# What a person registering as a PES representative gives about an entity the registry does not know yet.
PROPOSED_FIELDS = ("name", "legal_form", "nip", "krs", "regon", "seat", "address", "postal_code")
_RELATIONS = {"parent", "seat"}


def _normalise(values: dict) -> dict:
    """Identifiers as digits (no NIP/KRS is ``None``, so the unique indexes allow many), postal codes as NN-NNN."""
    for key in ("nip", "krs", "regon"):
        if key in values:
            values[key] = normalize_digits(values[key]) or (None if key != "regon" else "")
    if "postal_code" in values:
        values["postal_code"] = normalize_postal_code(values["postal_code"])
    return values


def _save(entity: Entity, by, reason: str = "", update_fields: list[str] | None = None) -> Entity:
    set_history_user(entity, by)
    if reason:
        entity._change_reason = reason[:100]  # the history column holds 100 characters
    entity.full_clean()
    try:
        with transaction.atomic():
            if update_fields is None:
                entity.save()
            else:
                entity.save(update_fields=[*update_fields, "updated_at"])
    except IntegrityError as exc:  # a parallel save took the NIP or KRS a moment ago
        raise ValidationError(_("Another entity in the registry already has this NIP or KRS.")) from exc
    return entity


@transaction.atomic
def entity_create(*, by, activity_area=(), reason: str = "", **fields) -> Entity:
    """Add an entity (ROPS staff, or the system). ``reason`` is kept in its history (e.g. the import file)."""
    require_staff(by, message=_("Only ROPS staff add entities to the registry."))
    entity = Entity(**_normalise(fields))
    _save(entity, by, reason)
    entity.activity_area.set(activity_area)
    return entity


@transaction.atomic
def entity_propose(*, by, reason: str = "", **fields) -> Entity:
    """Add the entity a self-registering representative (``by``, whose account is not active yet) describes: only
    ``PROPOSED_FIELDS``, unconfirmed and so outside the catalogue until ROPS staff confirm it (``entity_confirm``)."""
    unknown = set(fields) - set(PROPOSED_FIELDS)
    if unknown:
        raise TypeError(f"Not proposed by an applicant: {sorted(unknown)}")
    entity = Entity(**_normalise(fields), is_confirmed=False)
    _save(entity, by, reason)
    return entity


@transaction.atomic
def entity_confirm(*, entity: Entity, by, reason: str = "") -> Entity:
    """ROPS staff confirm an entity an applicant added (a person decides: ``by`` is required)."""
    require_staff(by, system=False, message=_("Only ROPS staff confirm entities in the registry."))
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if not entity.is_confirmed:
        entity.is_confirmed = True
        _save(entity, by, reason, update_fields=["is_confirmed"])
    return entity


def _differs(entity: Entity, name: str, value) -> bool:
    if name in _RELATIONS:
        return getattr(entity, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(entity, name) != value


def _authorise(by, entity: Entity, changed: set[str]) -> None:
    """Refuse a change of a field the person may not change (``editable_fields``), whatever sent it."""
    if by is None or not changed:
        return
    allowed = editable_fields(by, entity)
    if not allowed:
        raise PermissionDenied(_("You may not change this entity."))
    refused = sorted(changed - set(allowed), key=ENTITY_FIELDS.index)
    if refused:
        names = ", ".join(capfirst(field_label(Entity, name)) for name in refused)
        raise PermissionDenied(_("Only ROPS staff may change: %(fields)s.") % {"fields": names})


@transaction.atomic
def entity_update(*, entity: Entity, by, activity_area=None, reason: str = "", **fields) -> Entity:
    """Change an entity under a row lock; ``activity_area=None`` leaves the powiaty as they are.

    Only what differs from the stored record counts as a change, and each change must be one ``by`` may make
    (``PermissionDenied`` otherwise, nothing written): a PES representative passing the whole record is fine, one
    changing its NIP or another entity is refused.
    """
    unknown = set(fields) - set(ENTITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown entity fields: {sorted(unknown)}")
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    values = _normalise(fields)
    changed = {name for name, value in values.items() if _differs(entity, name, value)}
    area = None
    if activity_area is not None:
        area = {getattr(unit, "pk", unit) for unit in activity_area}
        if area != set(entity.activity_area.values_list("pk", flat=True)):
            changed.add("activity_area")
    _authorise(by, entity, changed)
    for name in changed - {"activity_area"}:
        setattr(entity, name, values[name])
    if entity.closed_on and entity.is_active:
        entity.is_active = False
        changed.add("is_active")
    if changed - {"activity_area"}:
        _save(entity, by, reason, update_fields=sorted(changed - {"activity_area"}))
    if area is not None and "activity_area" in changed:
        set_history_user(entity, by)
        entity.activity_area.set(area)
    return entity


@transaction.atomic
def entity_merge(*, keep: Entity, duplicate: Entity, by) -> Entity:
    """Merge a duplicate record into ``keep``.

    Everything that points at the duplicate, in any app, moves to ``keep``; fields ``keep`` lacks are filled
    from the duplicate; the duplicate is closed, not deleted, so its history stays readable. If both records
    hold something that may exist only once (the same year's figures, the same survey), the merge is refused
    and nothing changes. A decision of ROPS staff (``by`` is required).
    """
    require_staff(by, system=False, message=_("Only ROPS staff merge entities."))
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An entity cannot be merged with itself."))
    keep = Entity.objects.select_for_update().get(pk=keep.pk)
    duplicate = Entity.objects.select_for_update().get(pk=duplicate.pk)
    keep.representations.model.objects.filter(
        entity=duplicate, user_id__in=keep.representations.values_list("user_id", flat=True)).delete()
    for relation in Entity._meta.related_objects:
        # Resolved by the app registry: a model class, never "self" (which is all django-stubs can say).
        model = cast(type[Model], relation.related_model)
        if model.__name__.startswith("Historical"):
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


@transaction.atomic
def contacts_erase(*, email: str, by):
    """A data subject's erasure request (core.privacy): the contact persons with this e-mail are removed from the
    entities, their earlier versions in the audit history too; the history keeps one entry that an erased contact
    was removed, by whom and when (the count and the audit trail stay, the personal data go)."""
    require_staff(by, system=False)
    return Erasure(anonymised=contacts_dispose(ids=list(Contact.objects.filter(email__iexact=email)
                                                        .values_list("pk", flat=True)), by=by))


@transaction.atomic
def contacts_dispose(*, ids, by) -> int:
    """Remove the listed contact persons and their earlier versions in the audit history; one "[erased]"
    deletion entry records who removed them and when. Used by erasure requests and by retention."""
    require_staff(by, system=False)
    contacts = Contact.objects.filter(pk__in=ids)
    pks = list(contacts.values_list("pk", flat=True))
    contacts.update(name=_("[erased]"), role="", email="", phone="")
    Contact.history.filter(id__in=pks).delete()
    for contact in Contact.objects.filter(pk__in=pks):
        set_history_user(contact, by)
        contact.delete()
    return len(pks)
