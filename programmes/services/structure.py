"""The programme's structure (priorities, specific goals, directions) and the amendments its changes are
listed in once the programme is adopted."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user as _history_user

from ..models import (
    FROZEN,
    Amendment,
    Direction,
    Priority,
    Programme,
    SpecificGoal,
    Status,
)


def _structure_change(programme: Programme) -> Amendment | None:
    """Refuse a structure change the programme does not allow now (``Programme.objects.structure_editable``, read
    from the database under a lock, never from a stale copy); return the open amendment the change is listed in
    (None before adoption, when the structure is edited freely)."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if not Programme.objects.structure_editable().filter(pk=programme.pk).exists():
        raise ValidationError(_("The programme is adopted: its structure changes only through an amendment."),
                              code="frozen")
    return Amendment.objects.open().select_for_update().filter(programme_id=programme.pk).first()


@transaction.atomic
def amendment_start(*, programme: Programme, reason: str, by, resolution_number: str = "") -> Amendment:
    """Open a new version of an adopted programme; structure changes made with it are listed in it.
    One amendment is open at a time; a closed programme is no longer amended."""
    require_staff(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in FROZEN:
        raise ValidationError(_("Only an adopted programme is amended; a draft is simply edited."))
    if programme.status == Status.CLOSED:
        raise ValidationError(_("A closed programme is no longer amended."), code="closed")
    if Amendment.objects.open().filter(programme=programme).exists():
        raise ValidationError(_("An amendment is already open: close it before starting another."), code="open")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the amendment."), code="reason")
    programme.version += 1
    _history_user(programme, by)
    programme.save(update_fields=["version"])
    return Amendment.objects.create(programme=programme, version=programme.version, reason=reason.strip(),
                                    resolution_number=resolution_number.strip(), made_by=by)


@transaction.atomic
def amendment_close(*, amendment: Amendment, by) -> Amendment:
    """Finish an amendment: the structure is frozen again, and the amendment lists what changed."""
    require_staff(by)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.closed_at is not None:
        raise ValidationError(_("This amendment is already closed."), code="closed")
    amendment.closed_at, amendment.closed_by = timezone.now(), by
    amendment.save(update_fields=["closed_at", "closed_by"])
    return amendment


def _record(amendment: Amendment | None, change: str) -> None:
    if amendment is not None:
        amendment.changes = [*amendment.changes, change]
        amendment.save(update_fields=["changes"])


def _required_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, code="required")
    return value


@transaction.atomic
def priority_update(*, priority: Priority, name: str, by) -> Priority:
    """Reword a priority (its number stays: numbers are given when a priority is created or imported)."""
    require_staff(by)
    amendment = _structure_change(priority.programme)
    name = _required_text(name, _("Give the priority's name."))
    old = priority.name
    priority.name = name
    _history_user(priority, by)
    priority.save(update_fields=["name"])
    _record(amendment, f"~ {priority.number}: {old[:60]} → {name[:60]}")
    return priority


@transaction.atomic
def goal_update(*, goal: SpecificGoal, name: str, by) -> SpecificGoal:
    """Reword a specific goal (its number stays)."""
    require_staff(by)
    amendment = _structure_change(goal.priority.programme)
    name = _required_text(name, _("Give the goal's name."))
    old = goal.name
    goal.name = name
    _history_user(goal, by)
    goal.save(update_fields=["name"])
    _record(amendment, f"~ {goal.number}: {old[:60]} → {name[:60]}")
    return goal


def direction_number_check(goal: SpecificGoal, number: str) -> None:
    """The numbering rule of a new direction: its goal's number, a dot and a whole number (1.1 → 1.1.4), not
    used elsewhere in the programme (the database constraint backs the uniqueness within a goal)."""
    if not re.fullmatch(rf"{re.escape(goal.number)}\.[1-9]\d*", number):
        raise ValidationError(
            _("A direction's number is its goal's number, a dot and a whole number (for example %(example)s).")
            % {"example": f"{goal.number}.1"}, code="numbering")
    if Direction.objects.filter(goal__priority__programme_id=goal.priority.programme_id, number=number).exists():
        raise ValidationError(_("Number %(number)s is already used.") % {"number": number}, code="duplicate")


def direction_number_next(goal: SpecificGoal) -> str:
    """A free number to suggest for a new direction of ``goal``."""
    used = {n for n in Direction.objects.filter(goal__priority__programme_id=goal.priority.programme_id,
                                                 number__startswith=f"{goal.number}.")
            .values_list("number", flat=True)}
    n = 1
    while f"{goal.number}.{n}" in used:
        n += 1
    return f"{goal.number}.{n}"


@transaction.atomic
def direction_add(*, goal: SpecificGoal, number: str, text: str, by) -> Direction:
    require_staff(by)
    amendment = _structure_change(goal.priority.programme)
    number = (number or "").strip()
    direction_number_check(goal, number)
    text = _required_text(text, _("Give the direction's text."))
    direction = Direction(goal=goal, number=number, text=text, order=goal.directions.count())
    _history_user(direction, by)
    direction.save()
    _record(amendment, f"+ {number}: {text[:120]}")
    return direction


@transaction.atomic
def direction_update(*, direction: Direction, text: str, by) -> Direction:
    require_staff(by)
    amendment = _structure_change(direction.goal.priority.programme)
    text = _required_text(text, _("Give the direction's text."))
    old = direction.text
    direction.text = text
    _history_user(direction, by)
    direction.save(update_fields=["text"])
    _record(amendment, f"~ {direction.number}: {old[:60]} → {direction.text[:60]}")
    return direction


@transaction.atomic
def direction_remove(*, direction: Direction, by) -> None:
    """Remove a direction that nothing refers to (action-plan tasks and events link to directions: a direction
    they served is kept, so that what was done stays attributed)."""
    require_staff(by)
    amendment = _structure_change(direction.goal.priority.programme)
    for relation in Direction._meta.related_objects:
        if relation.many_to_many and getattr(direction, str(relation.get_accessor_name())).exists():
            raise ValidationError(
                _("Direction %(number)s is linked to action-plan tasks or events, so it cannot be removed.")
                % {"number": direction.number}, code="in_use")
    _record(amendment, f"- {direction.number}: {direction.text[:120]}")
    _history_user(direction, by)
    direction.delete()

