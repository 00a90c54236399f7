"""The public consultation of a draft programme: closing it, its report (approved by staff, rendered and
published by a job) and the comments with their answers."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import require_staff
from core.audit import set_history_user as _history_user
from core.services import job_create

from ..models import (
    Consultation,
    ConsultationComment,
    Programme,
    Status,
)
from .programmes import _consultation_close, programme_transition


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

