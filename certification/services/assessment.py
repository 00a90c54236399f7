"""The review of an application: the formal check by staff, the chapter members' assessments and the result of
the chapter's vote (applied to the application, or the vote repeated when it had no quorum)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user as _history_user

from .. import criteria
from ..assessors import assessor_check
from ..models import (
    Application,
    ApplicationEvent,
    Assessment,
    AssessmentScore,
    Criterion,
    FormalCheck,
    Status,
)
from .applications import application_transition
from .chapter import _chapter_case_open, _chapter_vote_open, vote_needs_repeating, vote_outcome_note


def formal_check_computed(application: Application) -> dict[int, criteria.Check]:
    """The system's own results for the computed criteria, by criterion id."""
    results = {}
    for criterion in application.edition.criteria.exclude(computed=""):
        check = criteria.compute(criterion.computed, application)
        if check is not None:
            results[criterion.pk] = check
    return results


@transaction.atomic
def formal_check_save(*, application: Application, by, results: dict[int, tuple[bool | None, str]]) -> None:
    """Staff's findings per criterion (``{criterion_id: (met, note)}``) with the computed value alongside."""
    require_staff(by, system=False)
    if not application.in_formal_check:
        raise ValidationError(_("The formal check is made only while the application is in formal check."))
    computed = formal_check_computed(application)
    for criterion_id, (met, note) in results.items():
        check = computed.get(criterion_id)
        FormalCheck.objects.update_or_create(
            application=application, criterion_id=criterion_id,
            defaults={"passed": met, "note": note, "checked_by": by,
                      "computed_value": check.value if check else ""})



@transaction.atomic
def assessment_save(*, application: Application, member, scores: dict[int, dict], comment: str,
                    submit: bool) -> Assessment:
    """Save (and optionally submit) a member's assessment. A submitted assessment is final."""
    assessor_check(application=application, user=member)
    if not application.in_assessment:
        raise ValidationError(_("The application is not being assessed now."))
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        application=application, member=member)
    if assessment.submitted_at:
        raise ValidationError(_("Your assessment has already been submitted and cannot be changed."))
    criteria_by_id = {c.pk: c for c in application.edition.criteria.all()}
    for criterion_id, values in scores.items():
        criterion = criteria_by_id.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        score = values.get("score")
        if criterion.kind == Criterion.Kind.SCORE and score is not None and not 0 <= score <= criterion.max_score:
            raise ValidationError(_("The score for “%(name)s” must be between 0 and %(max)d.") % {
                "name": criterion.name, "max": criterion.max_score})
        AssessmentScore.objects.update_or_create(
            assessment=assessment, criterion=criterion,
            defaults={"passed": values.get("passed"), "score": score, "comment": values.get("comment", "")})
    if submit:
        done = {s.criterion_id: s for s in assessment.scores.all()}
        for criterion in criteria_by_id.values():
            s = done.get(criterion.pk)
            if s is None or (criterion.kind == Criterion.Kind.PASS_FAIL and s.passed is None) or (
                    criterion.kind == Criterion.Kind.SCORE and s.score is None):
                raise ValidationError(_("Assess every criterion before submitting: %(name)s.") % {
                    "name": criterion.name})
        assessment.submitted_at = timezone.now()
    assessment.comment = comment
    _history_user(assessment, member)
    assessment.save()
    return assessment



def application_apply_vote(*, application: Application) -> Application | None:
    """Move an application awaiting the chapter's vote to granted or refused once its resolution is closed.

    Called when a resolution closes (``committee.services.resolution_closed``) and by the daily run, which
    catches anything a failed notification missed. A vote without quorum decides nothing: the application
    stays awaiting the vote and staff put it to a new vote (``application_vote_again``).
    """
    resolution = application.resolution
    if application.status != Status.COMMITTEE_VOTE or resolution is None or not resolution.is_closed:
        return None
    if not resolution.result.get("quorum_met"):
        return None
    return application_transition(application=application, to=Status.GRANTED if resolution.adopted else
                                  Status.REFUSED, by=None, note=vote_outcome_note(resolution))



@transaction.atomic
def application_vote_again(*, application: Application, by, deadline: date | None = None) -> Application:
    """A chapter vote without quorum is repeated under a new resolution (members declare again)."""
    require_staff(by, system=False)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not vote_needs_repeating(application):
        raise ValidationError(_("Only a vote that did not reach quorum is repeated."), code="not_repeatable")
    application.resolution = _chapter_case_open(application, by)
    _history_user(application, by)
    application.save(update_fields=["resolution"])
    _chapter_vote_open(application, by, deadline)
    ApplicationEvent.objects.create(application=application, actor=by, from_status=application.status,
                                    to_status=application.status,
                                    note=_("The vote did not reach quorum; it is repeated as resolution %(n)s.") % {
                                        "n": application.resolution.number})
    return application

