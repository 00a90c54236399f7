"""A programme's workflow (``programme_transition``, which also closes the consultation when the programme leaves
it) and a new draft from a programme file."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import require_staff, staff_actors
from core.audit import set_history_user as _history_user
from core.workflow import transition

from ..models import (
    CONSULTATION_MIN_DAYS,
    PROGRAMME_WORKFLOW,
    Consultation,
    Direction,
    Indicator,
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



def _consultation_close(consultation: Consultation, *, by, today: date) -> None:
    if not consultation.can_close(today):
        raise ValidationError(
            _("The consultation may close from %(date)s: comments are taken for at least %(days)d days and until "
              "the announced last day.") % {"date": date_format(consultation.closes_from, "SHORT_DATE_FORMAT"),
                                            "days": CONSULTATION_MIN_DAYS}, code="too_early")
    consultation.closed_on, consultation.closed_by = today, by
    _history_user(consultation, by)
    consultation.save(update_fields=["closed_on", "closed_by"])



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

