"""The only writers of programmes, their structure, indicator values and consultation comments."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_member

from . import computations
from .models import (
    FROZEN,
    TRANSITIONS,
    Amendment,
    ConsultationComment,
    Direction,
    Indicator,
    IndicatorValue,
    IndicatorValueCorrection,
    Programme,
    SpecificGoal,
    Status,
)


def _staff(by) -> None:
    if by is not None and not is_staff_member(by):
        raise PermissionDenied


def _history_user(obj, by) -> None:
    if by is not None:
        obj._history_user = by


@transaction.atomic
def programme_transition(*, programme: Programme, to: str, by, resolution_number: str = "",
                         resolution_date: date | None = None, consultation_until: date | None = None) -> Programme:
    """Move a programme along draft → consultation → submitted → adopted → in force → closed."""
    _staff(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if to not in TRANSITIONS.get(programme.status, set()):
        raise ValidationError(_("A programme that is “%(from)s” cannot become “%(to)s”.") % {
            "from": Status(programme.status).label, "to": Status(to).label}, code="invalid_transition")
    if to == Status.ADOPTED:
        if not resolution_number.strip() or resolution_date is None:
            raise ValidationError(_("Give the number and date of the Board's adopting resolution."), code="resolution")
        programme.resolution_number, programme.resolution_date = resolution_number.strip(), resolution_date
    if to == Status.CONSULTATION:
        if consultation_until is None or consultation_until < timezone.localdate():
            raise ValidationError(_("Give the last day of the consultation (today or later)."), code="until")
        programme.consultation_until = consultation_until
    programme.status = to
    _history_user(programme, by)
    programme.save()
    return programme


def _editable_structure(programme: Programme, amendment: Amendment | None) -> None:
    status = Programme.objects.filter(pk=programme.pk).values_list("status", flat=True).get()  # never a stale copy
    if status in FROZEN and amendment is None:
        raise ValidationError(_("The programme is adopted: its structure changes only through an amendment."),
                              code="frozen")


@transaction.atomic
def amendment_start(*, programme: Programme, reason: str, by, resolution_number: str = "") -> Amendment:
    """Open a new version of an adopted programme; structure changes made with it are listed in it."""
    _staff(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in FROZEN:
        raise ValidationError(_("Only an adopted programme is amended; a draft is simply edited."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the amendment."))
    programme.version += 1
    programme.save(update_fields=["version"])
    return Amendment.objects.create(programme=programme, version=programme.version, reason=reason.strip(),
                                    resolution_number=resolution_number, made_by=by)


def _record(amendment: Amendment | None, change: str) -> None:
    if amendment is not None:
        amendment.changes = [*amendment.changes, change]
        amendment.save(update_fields=["changes"])


@transaction.atomic
def direction_add(*, goal: SpecificGoal, number: str, text: str, by, amendment: Amendment | None = None) -> Direction:
    _staff(by)
    _editable_structure(goal.priority.programme, amendment)
    number = number.strip()
    if not number.startswith(f"{goal.number}."):
        raise ValidationError(_("A direction's number must start with its goal's number (%(goal)s.).") % {
            "goal": goal.number}, code="numbering")
    if Direction.objects.filter(goal__priority__programme=goal.priority.programme, number=number).exists():
        raise ValidationError(_("Number %(number)s is already used.") % {"number": number}, code="duplicate")
    direction = Direction(goal=goal, number=number, text=text.strip(), order=goal.directions.count())
    _history_user(direction, by)
    direction.save()
    _record(amendment, f"+ {number}: {text.strip()[:120]}")
    return direction


@transaction.atomic
def direction_update(*, direction: Direction, text: str, by, amendment: Amendment | None = None) -> Direction:
    _staff(by)
    _editable_structure(direction.goal.priority.programme, amendment)
    old = direction.text
    direction.text = text.strip()
    _history_user(direction, by)
    direction.save(update_fields=["text"])
    _record(amendment, f"~ {direction.number}: {old[:60]} → {direction.text[:60]}")
    return direction


@transaction.atomic
def direction_remove(*, direction: Direction, by, amendment: Amendment | None = None) -> None:
    _staff(by)
    _editable_structure(direction.goal.priority.programme, amendment)
    _record(amendment, f"- {direction.number}: {direction.text[:120]}")
    direction._history_user = by
    direction.delete()


# --- indicator values -------------------------------------------------------------------------

@transaction.atomic
def indicator_value_set(*, indicator: Indicator, year: int, value: Decimal, source_note: str, by) -> IndicatorValue:
    """Enter a manual indicator's value for a year (computed indicators are filled by the system)."""
    _staff(by)
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
    """Fill the year's values of every computed indicator from the data (locked values are left alone)."""
    _staff(by)
    filled = []
    for indicator in programme.indicators.exclude(computation=""):
        current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
        if current is not None and current.locked:
            continue
        value = computations.compute(indicator.computation, year=year)
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
    _staff(by)
    return IndicatorValue.objects.filter(indicator__programme=programme, year=year, locked=False).update(locked=True)


@transaction.atomic
def indicator_value_correct(*, value: IndicatorValue, new_value: Decimal, reason: str, by) -> IndicatorValue:
    """The only way to change a locked value: the correction and its reason are recorded."""
    _staff(by)
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


# --- consultation -----------------------------------------------------------------------------

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
    return ConsultationComment.objects.create(programme=programme, text=text.strip(), author=author.strip(),
                                              concerns=concerns.strip(), consent_at=timezone.now())


@transaction.atomic
def comment_answer(*, comment: ConsultationComment, response: str, reason: str, by) -> ConsultationComment:
    _staff(by)
    if response != ConsultationComment.Response.ACCEPTED and not reason.strip():
        raise ValidationError(_("Give the reasons when a comment is not fully accepted."))
    comment.response, comment.response_reason = response, reason.strip()
    comment.answered_by, comment.answered_at = by, timezone.now()
    _history_user(comment, by)
    comment.save()
    return comment
