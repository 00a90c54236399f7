"""The chapter's resolution on an application (the committee app): opening the case, on which members declare
conflicts of interest before assessing, and opening its vote; what the vote's outcome says."""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committee.models import Resolution
from committee.services import resolution_create, resolution_open_vote

from ..models import (
    Application,
    Status,
)


def _chapter_case_open(application: Application, by) -> Resolution:
    """The chapter's resolution for the case: members declare conflicts of interest on it before assessing."""
    chapter = application.edition.committee
    if chapter is None:
        raise ValidationError(_("Assign the deciding chapter to the edition first."), code="no_chapter")
    with translation.override(settings.LANGUAGE_CODE):  # records are written in the office's language
        title = _("Granting the “Zakup Prospołeczny” mark to %(entity)s (application no. %(pk)d)") % {
            "entity": application.entity_name or application.entity, "pk": application.pk}
    return resolution_create(committee=chapter, subject=Resolution.Subject.CERTIFICATION,
                             subject_object=application, title=title, by=by)


def _chapter_vote_open(application: Application, by, deadline: date | None) -> None:
    if not application.assessments.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("At least one member of the chapter must submit an assessment before the vote."),
                              code="no_assessment")
    resolution = application.resolution
    assert resolution is not None, "the case was opened when the assessment began"
    closes = None
    if deadline is not None:
        closes = timezone.make_aware(datetime.combine(deadline, time(23, 59)))
    application.resolution = resolution_open_vote(resolution=resolution, by=by, deadline=closes)


def vote_outcome_note(resolution: Resolution) -> str:
    result = resolution.result
    with translation.override(settings.LANGUAGE_CODE):
        return _("Resolution %(number)s of the chapter: %(for)d for, %(against)d against, %(abstain)d abstaining.") % {
            "number": resolution.number, "for": result["votes_for"], "against": result["votes_against"],
            "abstain": result["abstentions"]}



def vote_needs_repeating(application: Application) -> bool:
    resolution = application.resolution
    return (application.status == Status.COMMITTEE_VOTE and resolution is not None and resolution.is_closed
            and not resolution.result.get("quorum_met"))

