"""The applicant's draft (its steps, declarations and attachments) and the one path of every status change,
``application_transition``. Side effects (e-mails) run on commit."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import set_history_user as _history_user
from core.choices import field_label
from core.mail import mail_send, site_url
from core.uploads import store_under_random_name, validate_upload
from core.workflow import transition

from .. import criteria, notifications
from ..models import (
    APPLICATION_WORKFLOW,
    EDITABLE,
    LIVE,
    RENEWABLE,
    Application,
    ApplicationEvent,
    ApplicationItem,
    Attachment,
    Certificate,
    CriterionAnswer,
    Edition,
    Recommendation,
    Status,
)
from ..permissions import actors_of, represents_applicant
from .chapter import _chapter_case_open, _chapter_vote_open


@transaction.atomic
def application_create(*, edition: Edition, entity, by, previous: Application | None = None) -> Application:
    """Start a draft for an entity the user represents, prefilled from the registry (or the previous one)."""
    if not represents_applicant(by, Application(entity=entity)):
        raise PermissionDenied
    if not edition.is_open():
        raise ValidationError(_("This edition does not accept applications now."))
    if Application.objects.filter(edition=edition, entity=entity, status__in=LIVE).exists():
        raise ValidationError(_("This entity already has an application in this edition."))
    application = Application(
        edition=edition, entity=entity, created_by=by, previous=previous,
        entity_name=entity.name, contact_person=by.get_full_name(), contact_email=by.email,
    )
    if previous is not None:
        for name in ["entity_name", "contact_person", "contact_email", "contact_phone", "social_aims"]:
            setattr(application, name, getattr(previous, name))
    _history_user(application, by)
    application.save()
    if previous is not None:
        ApplicationItem.objects.bulk_create(
            ApplicationItem(application=application, kind=i.kind, name=i.name, category=i.category,
                            description=i.description) for i in previous.items.all())
        Recommendation.objects.bulk_create(
            Recommendation(application=application, author=r.author, organisation=r.organisation,
                           issued_on=r.issued_on, summary=r.summary) for r in previous.recommendations.all())
        by_name = {c.name: c for c in edition.criteria.all()}
        CriterionAnswer.objects.bulk_create(
            CriterionAnswer(application=application, criterion=by_name[a.criterion.name], answer=a.answer)
            for a in previous.answers.select_related("criterion") if a.criterion.name in by_name)
    return application


@transaction.atomic
def application_renew(*, previous: Application, edition: Edition, by) -> Application:
    """A renewal starts a new application prefilled from the previous one and keeps the link."""
    if previous.status not in RENEWABLE:
        raise ValidationError(_("Only a granted mark can be renewed."))
    return application_create(edition=edition, entity=previous.entity, by=by, previous=previous)


def _require_editable(application: Application, by) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not represents_applicant(by, application):
        raise PermissionDenied
    if application.status not in EDITABLE:
        raise ValidationError(_("The application can no longer be changed."))
    return application


STEP_FIELDS = {
    "entity": ["entity_name", "contact_person", "contact_email", "contact_phone", "social_aims"],
    "finances": ["revenue_period", "total_revenue", "own_revenue"],
}


@transaction.atomic
def application_save_fields(*, application: Application, by, **fields) -> Application:
    """Save a step's own fields (a draft: incomplete is fine; completeness is checked at submission)."""
    allowed = {f for names in STEP_FIELDS.values() for f in names}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    application = _require_editable(application, by)
    for name, value in fields.items():
        setattr(application, name, value)
    _history_user(application, by)
    application.save(update_fields=[*fields, "updated_at"])
    return application


@transaction.atomic
def application_save_items(*, application: Application, by, items: list[dict]) -> None:
    application = _require_editable(application, by)
    application.items.all().delete()
    ApplicationItem.objects.bulk_create(ApplicationItem(application=application, **item) for item in items)


@transaction.atomic
def application_save_recommendations(*, application: Application, by, recommendations: list[dict]) -> None:
    application = _require_editable(application, by)
    application.recommendations.all().delete()
    Recommendation.objects.bulk_create(Recommendation(application=application, **r) for r in recommendations)


@transaction.atomic
def application_save_answers(*, application: Application, by, answers: dict[int, str]) -> None:
    application = _require_editable(application, by)
    criteria_ids = set(application.edition.criteria.values_list("pk", flat=True))
    for criterion_id, text in answers.items():
        if criterion_id not in criteria_ids:
            raise ValidationError(_("Unknown criterion."))
        CriterionAnswer.objects.update_or_create(application=application, criterion_id=criterion_id,
                                                 defaults={"answer": text})


@transaction.atomic
def application_declare(*, application: Application, by, truthful: bool, clause_read: bool) -> Application:
    application = _require_editable(application, by)
    now = timezone.now()
    application.truthfulness_declared_at = now if truthful else None
    application.information_clause_read_at = now if clause_read else None
    _history_user(application, by)
    application.save(update_fields=["truthfulness_declared_at", "information_clause_read_at", "updated_at"])
    return application


@transaction.atomic
def attachment_add(*, application: Application, by, upload, kind: str) -> Attachment:
    """Store a file after checking it by content and size; its stored name is random."""
    application = _require_editable(application, by)
    content_kind = validate_upload(upload)
    original = store_under_random_name(upload, content_kind)
    attachment = Attachment(application=application, kind=kind, file=upload, original_name=original,
                            content_kind=content_kind, size=upload.size, uploaded_by=by)
    _history_user(attachment, by)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    """Remove an attachment of an editable application. The file goes only once the removal is committed, so a
    rolled-back transaction never leaves a record without its file."""
    application = _require_editable(attachment.application, by)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk, application=application)
    storage, name = attachment.file.storage, attachment.file.name
    _history_user(attachment, by)
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def application_missing(application: Application) -> list[tuple[str, str]]:
    """What still prevents submission, as (step, message) pairs; empty when complete."""
    missing: list[tuple[str, str]] = []
    for name in ["entity_name", "contact_person", "contact_email", "social_aims"]:
        if not getattr(application, name):
            missing.append(("entity", _("Fill in: %(field)s.") % {
                "field": field_label(Application, name)}))
    if not application.items.exists():
        missing.append(("items", _("Add at least one product or service.")))
    answered = set(application.answers.exclude(answer="").values_list("criterion_id", flat=True))
    for criterion in application.edition.criteria.filter(computed=""):
        if criterion.pk not in answered:
            missing.append(("criteria", _("Answer the criterion: %(name)s.") % {"name": criterion.name}))
    if application.total_revenue is None or application.own_revenue is None:
        missing.append(("finances", _("Give the total and the own market revenue.")))
    elif application.own_revenue > application.total_revenue:
        missing.append(("finances", _("Own revenue cannot exceed total revenue.")))
    if application.recommendations.count() < criteria.MIN_RECOMMENDATIONS:
        missing.append(("recommendations", _("Give at least %(n)d recommendations.") % {
            "n": criteria.MIN_RECOMMENDATIONS}))
    if not application.truthfulness_declared_at or not application.information_clause_read_at:
        missing.append(("declarations", _("Make both declarations.")))
    if not application.attachments.filter(kind=Attachment.Kind.FINANCIAL_STATEMENT).exists():
        # Attachments are uploaded on the "declarations and attachments" step.
        missing.append(("declarations", _("Attach the financial statement for the last period.")))
    return missing


@transaction.atomic
def application_transition(*, application: Application, to: str, by, note: str = "",
                           deadline: date | None = None) -> Application:
    """Move an application to ``to`` (``APPLICATION_WORKFLOW``). ``by=None`` is the system (a task, or the
    chapter's vote result)."""

    def apply(app: Application, old: str) -> list[str]:
        today = timezone.localdate()
        changed = []
        if to == Status.SUBMITTED:
            problems = application_missing(app)
            if problems:
                raise ValidationError([message for _step, message in problems], code="incomplete")
            if old == Status.RETURNED and app.corrections_deadline and today > app.corrections_deadline:
                raise ValidationError(_("The deadline for corrections has passed."), code="deadline_passed")
            app.submitted_at = timezone.now()
            changed.append("submitted_at")
        if to in APPLICATION_WORKFLOW.deadline_required:
            app.corrections_note, app.corrections_deadline = note.strip(), deadline
            changed += ["corrections_note", "corrections_deadline"]
        if to == Status.WITHDRAWN and Certificate.objects.filter(application=app, withdrawn_at__isnull=True).exists():
            raise ValidationError(_("A mark with a certificate is withdrawn through the certificate."),
                                  code="use_certificate")
        if to == Status.ASSESSMENT and app.resolution_id is None:
            app.resolution = _chapter_case_open(app, by)
            changed.append("resolution")
        if to == Status.COMMITTEE_VOTE:
            _chapter_vote_open(app, by, deadline)
            changed.append("resolution")
        if to in {Status.REFUSED, Status.GRANTED}:
            app.decision_reason = note.strip()
            changed.append("decision_reason")
        return changed

    def record(app: Application, old: str, clean_note: str) -> None:
        ApplicationEvent.objects.create(application=app, actor=by, from_status=old, to_status=to, note=clean_note)

    return transition(APPLICATION_WORKFLOW, application, to=to, by=by, actors_of=actors_of, note=note,
                      deadline=deadline, apply=apply, record=record,
                      after_commit=lambda app, old: _notify_applicant(app.pk, old, to, note.strip()))



def _notify_applicant(application_id: int, old: str, new: str, note: str) -> None:
    application = Application.objects.select_related("entity").get(pk=application_id)
    recipients = [application.contact_email, *application.entity.representations.values_list("user__email",
                                                                                             flat=True)]
    kind = "certification.decision" if new in notifications.DECISIONS else "certification.progress"
    mail_send(to=recipients, template="certification/email/status_changed.txt", kind=kind, context={
        "application": application, "old": Status(old).label, "new": Status(new).label, "note": note,
        "url": site_url(application.get_absolute_url())})

