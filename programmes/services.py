"""The only writers of programmes, their structure, indicator values, action plans and consultation comments."""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import require_staff, staff_actors
from core import computations
from core.audit import set_history_user as _history_user
from core.workflow import transition

from .models import (
    CONSULTATION_MIN_DAYS,
    FROZEN,
    PROGRAMME_WORKFLOW,
    ActionPlan,
    ActionTask,
    Amendment,
    BudgetLine,
    Consultation,
    ConsultationComment,
    Direction,
    Indicator,
    IndicatorValue,
    IndicatorValueCorrection,
    Priority,
    Programme,
    SpecificGoal,
    Status,
)


@transaction.atomic
def programme_transition(*, programme: Programme, to: str, by, resolution_number: str = "",
                         resolution_date: date | None = None, consultation_until: date | None = None) -> Programme:
    """Move a programme along draft → consultation → submitted → adopted → in force → closed
    (``PROGRAMME_WORKFLOW``)."""

    def apply(programme: Programme, old: str) -> list[str]:
        changed = []
        if to == Status.ADOPTED:
            if not resolution_number.strip() or resolution_date is None:
                raise ValidationError(_("Give the number and date of the Board's adopting resolution."),
                                      code="resolution")
            programme.resolution_number, programme.resolution_date = resolution_number.strip(), resolution_date
            changed += ["resolution_number", "resolution_date"]
        today = timezone.localdate()
        if to == Status.CONSULTATION:
            earliest = Consultation.earliest_until(today)
            if consultation_until is None or consultation_until < earliest:
                raise ValidationError(
                    _("Give the last day for comments: at least %(days)d days from today, %(date)s or later.") % {
                        "days": CONSULTATION_MIN_DAYS, "date": date_format(earliest, "SHORT_DATE_FORMAT")},
                    code="until")
            programme.consultation_until = consultation_until
            changed.append("consultation_until")
            Consultation.objects.create(programme=programme, opened_on=today, until=consultation_until)
        if old == Status.CONSULTATION:
            consultation = Consultation.objects.select_for_update().filter(programme=programme,
                                                                           closed_on__isnull=True).first()
            if consultation is not None:
                _consultation_close(consultation, by=by, today=today)
        if to == Status.SUBMITTED:
            latest = Consultation.objects.filter(programme=programme).first()
            if latest is None or not latest.is_published:
                raise ValidationError(_("The programme goes to the Board only after its public consultation, once "
                                        "the consultation report is published."), code="consultation")
        return changed

    return transition(PROGRAMME_WORKFLOW, programme, to=to, by=by, actors_of=staff_actors, apply=apply)


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


# --- indicator values -------------------------------------------------------------------------

@transaction.atomic
def indicator_value_set(*, indicator: Indicator, year: int, value: Decimal, source_note: str, by) -> IndicatorValue:
    """Enter a manual indicator's value for a year (computed indicators are filled by the system)."""
    require_staff(by)
    if indicator.computation:
        raise ValidationError(_("This indicator is computed by the system; its values are not typed."))
    current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if current is not None and current.locked:
        raise ValidationError(_("The value for %(year)d is locked; correct it with a reason.") % {"year": year},
                              code="locked")
    current = current or IndicatorValue(indicator=indicator, year=year)
    current.value, current.source_note, current.entered_by, current.computed = value, source_note, by, False
    _history_user(current, by)
    current.save()
    return current


@transaction.atomic
def indicator_values_compute(*, programme: Programme, year: int, by=None) -> list[IndicatorValue]:
    """Fill the year's values of every computed indicator from the data (locked values are left alone, and so
    are indicators whose computation has no data for the year)."""
    require_staff(by)
    filled = []
    for indicator in programme.indicators.exclude(computation=""):
        current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
        if current is not None and current.locked:
            continue
        try:
            value = computations.compute(indicator.computation, year=year)
        except computations.NotAvailable:
            continue  # nothing to count from yet: no value rather than a false zero
        current = current or IndicatorValue(indicator=indicator, year=year)
        current.value, current.computed, current.entered_by = value, True, by
        current.source_note = _("computed from the system's records")
        _history_user(current, by)
        current.save()
        filled.append(current)
    return filled


@transaction.atomic
def indicator_values_lock(*, programme: Programme, year: int, by=None) -> int:
    """Lock the year's values (called when the year's report is adopted)."""
    require_staff(by)
    return IndicatorValue.objects.filter(indicator__programme=programme, year=year, locked=False).update(locked=True)


@transaction.atomic
def indicator_value_correct(*, value: IndicatorValue, new_value: Decimal, reason: str, by) -> IndicatorValue:
    """The only way to change a locked value: the correction and its reason are recorded."""
    require_staff(by)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."), code="reason")
    value = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if not value.locked:
        raise ValidationError(_("Only a locked value is corrected; change it directly."))
    IndicatorValueCorrection.objects.create(value=value, old_value=value.value, new_value=new_value,
                                            reason=reason.strip(), corrected_by=by)
    value.value = new_value
    _history_user(value, by)
    value.save(update_fields=["value", "entered_at"])
    return value


# --- action plans -----------------------------------------------------------------------------

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


# --- consultation -----------------------------------------------------------------------------

def _consultation_close(consultation: Consultation, *, by, today: date) -> None:
    if not consultation.can_close(today):
        raise ValidationError(
            _("The consultation may close from %(date)s: comments are taken for at least %(days)d days and until "
              "the announced last day.") % {"date": date_format(consultation.closes_from, "SHORT_DATE_FORMAT"),
                                            "days": CONSULTATION_MIN_DAYS}, code="too_early")
    consultation.closed_on, consultation.closed_by = today, by
    _history_user(consultation, by)
    consultation.save(update_fields=["closed_on", "closed_by"])


@transaction.atomic
def consultation_close(*, consultation: Consultation, by) -> Consultation:
    """Close a consultation (``Consultation.can_close``): the programme goes back to the draft, to be reworked in
    the light of the comments, and the report's deadline (``report_due``) starts to run."""
    require_staff(by)
    consultation = Consultation.objects.select_related("programme").get(pk=consultation.pk)
    if consultation.closed_on is not None:
        raise ValidationError(_("This consultation is already closed."), code="closed")
    if consultation.programme.status == Status.CONSULTATION:
        programme_transition(programme=consultation.programme, to=Status.DRAFT, by=by)
    else:
        _consultation_close(Consultation.objects.select_for_update().get(pk=consultation.pk), by=by,
                            today=timezone.localdate())
    consultation.refresh_from_db()
    return consultation


def consultation_report_missing(consultation: Consultation) -> int:
    """How many comments still lack an answer (a response, and reasons where not fully accepted)."""
    comments = consultation.comments.all()
    return sum(1 for c in comments if not c.response or (
        c.response != ConsultationComment.Response.ACCEPTED and not c.response_reason.strip()))


@transaction.atomic
def consultation_report_approve(*, consultation: Consultation, by):
    """Staff approve the report: it lists every comment with its answer and reasons, so every comment must be
    answered. A background job renders it as a tagged PDF and publishes it on the public page
    (``programmes.reports.consultation_report_job``). Returns the job."""
    from core.services import job_create

    require_staff(by, system=False)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.closed_on is None:
        raise ValidationError(_("The report is approved after the consultation closes."), code="open")
    if consultation.approved_at is not None:
        raise ValidationError(_("The report has already been approved."), code="approved")
    missing = consultation_report_missing(consultation)
    if missing:
        raise ValidationError(ngettext("%(n)d comment has no answer yet.", "%(n)d comments have no answer yet.",
                                       missing) % {"n": missing}, code="unanswered")
    consultation.approved_at, consultation.approved_by = timezone.now(), by
    _history_user(consultation, by)
    consultation.save(update_fields=["approved_at", "approved_by"])
    return job_create(kind="programmes_consultation_report", params={"consultation_id": consultation.pk}, by=by,
                      title=_("Consultation report: %(programme)s") % {"programme": consultation.programme})


def consultation_report_publish(*, consultation_id: int, filename: str, pdf: bytes) -> Consultation:
    """Store the rendered report and publish it (called by the background job; the first rendering stays)."""
    from django.core.files.base import ContentFile

    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
        if consultation.published_at is None:
            consultation.report_pdf.save(filename, ContentFile(pdf), save=False)
            consultation.published_at = timezone.now()
            consultation.save(update_fields=["report_pdf", "published_at"])
    return consultation

def consultation_is_open(programme: Programme, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return programme.status == Status.CONSULTATION and (
        programme.consultation_until is None or today <= programme.consultation_until)


@transaction.atomic
def comment_add(*, programme: Programme, text: str, author: str = "", concerns: str = "",
                consent: bool) -> ConsultationComment:
    if not consultation_is_open(programme):
        raise ValidationError(_("The consultation is closed."))
    if not consent:
        raise ValidationError(_("Consent to the processing of personal data is required."))
    consultation = Consultation.objects.filter(programme=programme, closed_on__isnull=True).first()
    return ConsultationComment.objects.create(programme=programme, consultation=consultation, text=text.strip(),
                                              author=author.strip(), concerns=concerns.strip(),
                                              consent_at=timezone.now())


@transaction.atomic
def comment_answer(*, comment: ConsultationComment, response: str, reason: str, by) -> ConsultationComment:
    require_staff(by)
    if comment.consultation_id and Consultation.objects.filter(pk=comment.consultation_id,
                                                               approved_at__isnull=False).exists():
        raise ValidationError(_("The consultation report is approved: its answers no longer change."),
                              code="approved")
    if response != ConsultationComment.Response.ACCEPTED and not reason.strip():
        raise ValidationError(_("Give the reasons when a comment is not fully accepted."))
    comment.response, comment.response_reason = response, reason.strip()
    comment.answered_by, comment.answered_at = by, timezone.now()
    _history_user(comment, by)
    comment.save()
    return comment


# --- a new draft from a programme file -------------------------------------------------------------------------

def _create_indicators(programme, nodes, *, priority=None, goal=None, start=0) -> int:
    for offset, node in enumerate(nodes or []):
        Indicator.objects.create(
            programme=programme, priority=priority, goal=goal, order=start + offset, name=str(node["name"]),
            measure=str(node.get("measure", "")), unit=str(node["unit"]),
            baseline_value=node.get("baseline"), baseline_year=node.get("baseline_year"),
            target_value=node.get("target"), target_change=node.get("target_change"),
            target_year=node.get("target_year"), trend=node.get("direction", "increase"),
            data_source=str(node.get("source", "")), frequency=str(node.get("frequency", "rocznie")),
            computation=str(node.get("computation", "")),
        )
    return start + len(nodes or [])


@transaction.atomic
def programme_import(document: dict, *, by=None) -> Programme:
    """Write a parsed (clean) document (``yaml_io.programme_parse``) as a new draft programme; staff only
    (``by=None`` is the system: the demo, the ``import_programme`` command)."""
    require_staff(by)
    p = document["programme"]
    goal = p["main_goal"]
    programme = Programme(
        name=str(p["name"]), region_code=str(p["region"]["teryt"]), region_name=str(p["region"].get("name", "")),
        start_year=p["period"]["start_year"], end_year=p["period"]["end_year"],
        period_label=str(p["period"].get("label", "")), responsible_body=str(p["responsible_body"]),
        main_goal=str(goal["text"]), source=p.get("source") or {},
    )
    _history_user(programme, by)
    programme.save()
    order = 0
    if goal.get("indicator"):
        ind = goal["indicator"]
        Indicator.objects.create(
            programme=programme, order=order, name=str(ind["text"]), measure=str(ind.get("measure", "")),
            unit=str(ind.get("unit", "")), target_change=ind.get("target_change"),
            trend=ind.get("target_type", "increase"), computation=str(ind.get("computation", "")))
        order += 1
    order = _create_indicators(programme, p.get("indicators"), start=order)
    for i, pr in enumerate(p["priorities"]):
        priority = Priority.objects.create(programme=programme, number=str(pr["number"]), name=str(pr["name"]),
                                           name_variants=[str(v) for v in pr.get("name_variants") or []], order=i)
        order = _create_indicators(programme, pr.get("indicators"), priority=priority, start=order)
        for j, g in enumerate(pr.get("specific_goals") or []):
            goal_obj = SpecificGoal.objects.create(priority=priority, number=str(g["number"]), name=str(g["name"]),
                                                   order=j)
            order = _create_indicators(programme, g.get("indicators"), goal=goal_obj, start=order)
            Direction.objects.bulk_create(
                Direction(goal=goal_obj, number=str(d["id"]), text=str(d["text"]), order=k)
                for k, d in enumerate(g.get("intervention_directions") or []))
    return programme
