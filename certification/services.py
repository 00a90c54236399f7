"""The only writers of certification data.

``application_transition`` is the single path for every status change (views, admin, commands,
tasks and the committee vote all call it). Side effects (e-mails, PDF jobs) run on commit.
"""

import calendar
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from core.audit import set_history_user as _history_user
from core.choices import field_label
from core.mail import mail_send, site_url
from core.uploads import store_under_random_name, validate_upload
from core.workflow import transition

from . import criteria, notifications
from .models import (
    APPLICATION_WORKFLOW,
    EDITABLE,
    RENEWABLE,
    Application,
    ApplicationEvent,
    ApplicationItem,
    Assessment,
    AssessmentScore,
    Attachment,
    Certificate,
    CertificateCounter,
    Criterion,
    CriterionAnswer,
    Edition,
    FormalCheck,
    Recommendation,
    Status,
)
from .permissions import actors_of, represents_applicant

LIVE = [s for s in Status.values if s not in {Status.REFUSED, Status.EXPIRED, Status.WITHDRAWN}]


# --- applications -----------------------------------------------------------------------------

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


# --- the chapter's case and vote (committee app) ----------------------------------------------

def _chapter_case_open(application: Application, by):
    """The chapter's resolution for the case: members declare conflicts of interest on it before assessing."""
    from committee.models import Resolution
    from committee.services import resolution_create

    edition = application.edition
    if edition.committee_id is None:
        raise ValidationError(_("Assign the deciding chapter to the edition first."), code="no_chapter")
    with translation.override(settings.LANGUAGE_CODE):  # records are written in the office's language
        title = _("Granting the “Zakup Prospołeczny” mark to %(entity)s (application no. %(pk)d)") % {
            "entity": application.entity_name or application.entity, "pk": application.pk}
    return resolution_create(committee=edition.committee, subject=Resolution.Subject.CERTIFICATION,
                             subject_object=application, title=title, by=by)


def _chapter_vote_open(application: Application, by, deadline: date | None) -> None:
    from committee.services import resolution_open_vote

    if not application.assessments.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("At least one member of the chapter must submit an assessment before the vote."),
                              code="no_assessment")
    closes = None
    if deadline is not None:
        closes = timezone.make_aware(datetime.combine(deadline, time(23, 59)))
    application.resolution = resolution_open_vote(resolution=application.resolution, by=by, deadline=closes)


def vote_outcome_note(resolution) -> str:
    result = resolution.result
    with translation.override(settings.LANGUAGE_CODE):
        return _("Resolution %(number)s of the chapter: %(for)d for, %(against)d against, %(abstain)d abstaining.") % {
            "number": resolution.number, "for": result["votes_for"], "against": result["votes_against"],
            "abstain": result["abstentions"]}


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


def vote_needs_repeating(application: Application) -> bool:
    resolution = application.resolution
    return (application.status == Status.COMMITTEE_VOTE and resolution is not None and resolution.is_closed
            and not resolution.result.get("quorum_met"))


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


def _notify_applicant(application_id: int, old: str, new: str, note: str) -> None:
    application = Application.objects.select_related("entity").get(pk=application_id)
    recipients = [application.contact_email, *application.entity.representations.values_list("user__email",
                                                                                             flat=True)]
    kind = "certification.decision" if new in notifications.DECISIONS else "certification.progress"
    mail_send(to=recipients, template="certification/email/status_changed.txt", kind=kind, context={
        "application": application, "old": Status(old).label, "new": Status(new).label, "note": note,
        "url": site_url(application.get_absolute_url())})


# --- formal check -----------------------------------------------------------------------------

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


# --- assessment by chapter members ------------------------------------------------------------

@transaction.atomic
def assessment_save(*, application: Application, member, scores: dict[int, dict], comment: str,
                    submit: bool) -> Assessment:
    """Save (and optionally submit) a member's assessment. A submitted assessment is final."""
    from .assessors import assessor_check

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


# --- certificates -----------------------------------------------------------------------------

def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_sequence(year: int) -> int:
    """The next certificate number of the year; the counter row lock makes it gap-free under concurrency."""
    try:
        with transaction.atomic():
            CertificateCounter.objects.get_or_create(year=year)
    except IntegrityError:  # created by a concurrent issue a moment ago
        pass
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def certificate_issue(*, application: Application, by, valid_from: date | None = None) -> Certificate:
    """Issue the numbered certificate of a granted application and render its PDF in the background."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.GRANTED:
        raise ValidationError(_("A certificate is issued only for a granted mark."))
    valid_from = valid_from or timezone.localdate()
    year = valid_from.year
    sequence = _next_sequence(year)
    items = "\n".join(f"{i.name}" + (f" ({i.category})" if i.category else "") for i in application.items.all())
    certificate = Certificate.objects.create(
        application=application, year=year, sequence=sequence,
        number=f"ZP/{settings.ROPS_VOIVODESHIP_CODE}/{year}/{sequence:03d}",
        entity_name=application.entity_name or str(application.entity), items=items, valid_from=valid_from,
        valid_until=_add_months(valid_from, application.edition.validity_months) - timedelta(days=1), issued_by=by,
    )
    application_transition(application=application, to=Status.CERTIFICATE_ISSUED, by=by)
    if valid_from <= timezone.localdate():
        application_transition(application=application, to=Status.ACTIVE, by=None)
    transaction.on_commit(lambda: _render_certificate(certificate.pk, by))
    return certificate


def _render_certificate(certificate_id: int, by) -> None:
    from core.services import job_create

    certificate = Certificate.objects.get(pk=certificate_id)
    job_create(kind="certificate_pdf", title=_("Certificate %(number)s") % {"number": certificate.number},
               params={"certificate_id": certificate_id}, by=by)


@transaction.atomic
def certificate_pdf_store(*, certificate: Certificate, filename: str, content, sha256: str, level: str) -> Certificate:
    """Keep the first sealed PDF of a certificate and its SHA-256 (a second one, e.g. from a job run twice, is
    dropped: the certificate keeps the file it was first sealed as)."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.pdf:
        return certificate
    certificate.pdf.save(filename, content, save=False)
    certificate.pdf_sha256, certificate.seal_level = sha256, level
    certificate.save(update_fields=["pdf", "pdf_sha256", "seal_level"])
    return certificate


@transaction.atomic
def certificate_list_publish(*, by=None, day: date | None = None):
    """Publish the signed list of all certificates with their state on ``day`` (today): the JSON and its detached
    signature by the seal. Once a day: the list of a day already published is returned as it is."""
    import json

    from django.core.files.base import ContentFile

    from core.seal import seal_detached, sha256_hex

    from .models import CertificateList
    from .selectors import certificate_list_payload

    require_staff(by)
    day = day or timezone.localdate()
    existing = CertificateList.objects.select_for_update().filter(as_of=day).first()
    if existing:
        return existing
    payload = certificate_list_payload(day=day)
    data = json.dumps(payload, ensure_ascii=False, indent=1).encode()
    published = CertificateList(as_of=day, sha256=sha256_hex(data), count=len(payload["certificates"]))
    published.content.save(published.filename("json"), ContentFile(data), save=False)
    published.signature.save(published.filename("json.p7s"), ContentFile(seal_detached(data)), save=False)
    published.save()
    return published


@transaction.atomic
def certificate_withdraw(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Withdraw a mark (staff, with a reason); the public register shows it in the history."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not reason.strip():
        raise ValidationError(_("Give the reason."), code="note_required")
    if certificate.withdrawn_at:
        raise ValidationError(_("This certificate has already been withdrawn."))
    certificate.withdrawn_at, certificate.withdrawal_reason = timezone.now(), reason.strip()
    _history_user(certificate, by)
    certificate.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    application_transition(application=certificate.application, to=Status.WITHDRAWN, by=by, note=reason)
    return certificate


REMINDER_DAYS = (60, 14)


def certificates_daily(*, today: date | None = None) -> dict[str, int]:
    """Daily run (Celery beat): start, remind (60 and 14 days before) and expire certificates."""
    from committee.models import Resolution

    today = today or timezone.localdate()
    done = {"decided": 0, "activated": 0, "reminded": 0, "expired": 0}
    for application in Application.objects.filter(status=Status.COMMITTEE_VOTE,
                                                  resolution__status=Resolution.Status.CLOSED).select_related(
                                                      "resolution"):
        if application_apply_vote(application=application) is not None:
            done["decided"] += 1
    for certificate in Certificate.objects.filter(application__status=Status.CERTIFICATE_ISSUED,
                                                  valid_from__lte=today):
        application_transition(application=certificate.application, to=Status.ACTIVE, by=None)
        done["activated"] += 1
    for certificate in Certificate.objects.filter(
            application__status__in=[Status.ACTIVE, Status.EXPIRING], valid_until__lt=today).select_related(
            "application"):
        application_transition(application=certificate.application, to=Status.EXPIRED, by=None)
        done["expired"] += 1
    live = Certificate.objects.filter(application__status__in=[Status.ACTIVE, Status.EXPIRING],
                                      valid_until__lte=today + timedelta(days=max(REMINDER_DAYS)))
    for certificate in live.select_related("application"):
        days_left = (certificate.valid_until - today).days
        due = [d for d in REMINDER_DAYS if days_left <= d and d not in certificate.reminders_sent]
        if not due:
            continue
        with transaction.atomic():
            if certificate.application.status == Status.ACTIVE:
                # The status change itself tells the holder (every change is e-mailed).
                application_transition(application=certificate.application, to=Status.EXPIRING, by=None,
                                       note=_("%(days)d days left") % {"days": days_left})
            else:
                transaction.on_commit(partial(_send_reminder, certificate.pk, days_left))
            certificate.reminders_sent = sorted({*certificate.reminders_sent, *due}, reverse=True)
            certificate.save(update_fields=["reminders_sent"])
        done["reminded"] += 1
    return done


def _send_reminder(certificate_id: int, days_left: int) -> None:
    certificate = Certificate.objects.select_related("application").get(pk=certificate_id)
    application = certificate.application
    recipients = [application.contact_email, *application.entity.representations.values_list("user__email",
                                                                                             flat=True)]
    mail_send(to=recipients, template="certification/email/expiry_reminder.txt", kind="certification.expiry",
              context={
        "certificate": certificate, "days_left": days_left, "url": site_url(application.get_absolute_url())})


@transaction.atomic
def certificates_award_at_gala(*, event, certificate_ids, by) -> int:
    """Choose the certificates handed over at a gala event (replaces the previous choice); returns how many."""
    from events.models import EventKind

    require_staff(by)
    if event.kind != EventKind.GALA:
        raise ValidationError(_("Certificates are awarded at a gala event."))
    chosen = list(Certificate.objects.filter(pk__in=certificate_ids, withdrawn_at__isnull=True))
    if len(chosen) != len(set(certificate_ids)):
        raise ValidationError(_("Only issued certificates that were not withdrawn can be awarded."))
    for certificate in Certificate.objects.filter(gala=event).exclude(pk__in=certificate_ids):
        certificate.gala = None
        _history_user(certificate, by)
        certificate.save(update_fields=["gala"])
    for certificate in chosen:
        if certificate.gala_id != event.pk:
            certificate.gala = event
            _history_user(certificate, by)
            certificate.save(update_fields=["gala"])
    return len(chosen)


# --- editions and their criteria (the ROPS administrator) -------------------------------------------------

EDITION_FIELDS = ["name", "year", "opens_on", "closes_on", "validity_months", "committee"]
CRITERION_FIELDS = ["order", "name", "description", "kind", "max_score", "evidence", "computed"]


def _require_edition_admin(by) -> None:
    if by is None or not by.has_perm("certification.configure_editions"):
        raise PermissionDenied(_("Only the ROPS administrator configures editions."))


@transaction.atomic
def edition_criteria_removable(edition: Edition | None) -> bool:
    """Whether criteria may be removed from the edition: not once it has applications (their answers and scores
    refer to them). The editions page hides the "remove" box by the same rule."""
    return edition is None or not edition.pk or not edition.applications.exists()


def edition_save(*, edition: Edition | None, by, fields: dict, criteria_rows: list[dict]) -> Edition:
    """Create (``edition=None``) or change an edition and its criteria in one go.

    ``criteria_rows``: one dict per criterion, with ``criterion`` (the existing one, or ``None`` for a new one),
    ``delete`` (remove it) and the criterion's fields. An edition that already has applications keeps its
    criteria: removing one is refused, with nothing written (its answers, checks and scores refer to it).
    """
    _require_edition_admin(by)
    if edition is None or edition.pk is None:
        edition = Edition()
    else:
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
    removed = [row["criterion"] for row in criteria_rows if row.get("delete") and row.get("criterion")]
    for criterion in removed:
        if criterion.edition_id != edition.pk:
            raise PermissionDenied
    if removed and not edition_criteria_removable(edition):
        raise ValidationError(_("This edition already has applications: its criteria cannot be removed."))
    for name in EDITION_FIELDS:
        setattr(edition, name, fields[name])
    edition.full_clean()
    _history_user(edition, by)
    edition.save()
    for criterion in removed:
        criterion.delete()
    for row in criteria_rows:
        if row.get("delete"):
            continue
        criterion = row.get("criterion") or Criterion(edition=edition)
        if criterion.edition_id != edition.pk:
            raise PermissionDenied
        for name in CRITERION_FIELDS:
            setattr(criterion, name, row[name])
        criterion.full_clean()
        _history_user(criterion, by)
        criterion.save()
    return edition
