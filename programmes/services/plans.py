"""The yearly action plans and their tasks."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user as _history_user

from ..models import (
    ActionPlan,
    ActionTask,
    BudgetLine,
    Direction,
    Programme,
)
from .structure import _required_text


def _plans_open(programme: Programme) -> None:
    if not Programme.objects.plans_editable().filter(pk=programme.pk).exists():
        raise ValidationError(_("The programme is closed: its action plans no longer change."), code="closed")


@transaction.atomic
def action_plan_create(*, programme: Programme, year: int, by) -> ActionPlan:
    """Open the annual action plan of ``year`` (one per year, not before the programme starts)."""
    require_staff(by)
    _plans_open(programme)
    if year < programme.start_year or year > programme.end_year + 10:
        raise ValidationError(_("The year must fall between %(start)d and %(end)d.") % {
            "start": programme.start_year, "end": programme.end_year + 10}, code="year")
    if ActionPlan.objects.filter(programme=programme, year=year).exists():
        raise ValidationError(_("The action plan for %(year)d already exists.") % {"year": year}, code="duplicate")
    plan = ActionPlan(programme=programme, year=year)
    _history_user(plan, by)
    plan.save()
    return plan


@transaction.atomic
def action_task_save(*, plan: ActionPlan, by, task: ActionTask | None = None, title: str,
                     directions: Iterable[Direction], responsible_unit: str, partners: str = "",
                     status: str = ActionTask.Status.PLANNED, outputs: str = "",
                     budget: Mapping[str, tuple[Decimal | None, Decimal | None]] | None = None) -> ActionTask:
    """Create (``task=None``) or change a task of ``plan`` with its directions and budget lines.

    ``budget`` maps a funding source to (planned, spent) in PLN; a source with neither amount has no line (an
    existing one is removed). Directions must be the programme's own. Every row written records ``by``."""
    require_staff(by)
    _plans_open(plan.programme)
    title = _required_text(title, _("Give the task's title."))
    responsible_unit = _required_text(responsible_unit, _("Give the responsible unit."))
    if status not in ActionTask.Status.values:
        raise ValidationError(_("Choose a valid status."), code="status")
    direction_ids = {d.pk for d in directions}
    if not direction_ids:
        raise ValidationError(_("Choose at least one intervention direction."), code="directions")
    if Direction.objects.filter(pk__in=direction_ids, goal__priority__programme_id=plan.programme_id
                                ).count() != len(direction_ids):
        raise ValidationError(_("Choose directions of this programme only."), code="directions")
    budget = dict(budget or {})
    unknown = set(budget) - set(BudgetLine.Source.values)
    if unknown:
        raise ValidationError(_("Unknown funding source: %(source)s.") % {"source": ", ".join(sorted(unknown))},
                              code="source")
    for planned, spent in budget.values():
        if (planned or 0) < 0 or (spent or 0) < 0:
            raise ValidationError(_("Amounts cannot be negative."), code="negative")
    if task is None:
        task = ActionTask(plan=plan, order=plan.tasks.count())
    else:
        task = ActionTask.objects.select_for_update().get(pk=task.pk, plan=plan)
    task.title, task.responsible_unit, task.partners = title, responsible_unit, (partners or "").strip()
    task.status, task.outputs = status, (outputs or "").strip()
    _history_user(task, by)
    if task.pk is None:
        task.save()
    else:
        task.save(update_fields=["title", "responsible_unit", "partners", "status", "outputs"])
    task.directions.set(sorted(direction_ids))
    lines = {line.source: line for line in task.budget.select_for_update()}
    for source in BudgetLine.Source.values:
        planned, spent = budget.get(source, (None, None))
        line = lines.get(source)
        if not planned and not spent:
            if line is not None:
                _history_user(line, by)
                line.delete()
            continue
        if line is None:
            line = BudgetLine(task=task, source=source, planned=planned or Decimal(0), spent=spent or Decimal(0))
            _history_user(line, by)
            line.save()
        elif (line.planned, line.spent) != (planned or 0, spent or 0):
            line.planned, line.spent = planned or Decimal(0), spent or Decimal(0)
            _history_user(line, by)
            line.save(update_fields=["planned", "spent"])
    return task

