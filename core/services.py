"""The only writers of background jobs."""

import logging
import threading
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import set_history_user
from .ezd import has_package, validate_case_sign
from .guards import require_perm
from .jobs import get_handler
from .models import AccessibilityStatement, DataSubjectRequest, DisposalProposal, EzdCaseSign, Job
from .privacy import activities
from .retention import cutoff, rules
from .retention import rule as retention_rule
from .selectors import accessibility_statement, privacy_settings

logger = logging.getLogger(__name__)


# The task that runs a job, looked up by name in the Celery app: core.tasks imports this module to run the job, so
# importing the task here would close a circle (docs/architecture.md).
RUN_JOB_TASK = "core.tasks.run_job_task"


def _enqueue(job_id) -> bool:
    """Hand the job to the queue; False (and the job marked so) when the queue does not answer in time.

    Publishing uses short connect and send timeouts (``CELERY_BROKER_*`` settings) and no retries, so a dead or
    hung broker costs the request a few seconds, never a 500: the job stays queued and ``jobs_recover`` sends it
    again. In-process mode (no broker: the demo and the SQLite test suite) runs it at once, as before.
    """
    run_job_task = current_app.tasks[RUN_JOB_TASK]

    if settings.CELERY_TASK_ALWAYS_EAGER:
        Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now(), queue_error_at=None)
        run_job_task.delay(str(job_id))
        return True
    try:
        run_job_task.apply_async(args=[str(job_id)], retry=False)
    except Exception:  # noqa: BLE001 - whatever the broker's failure, the job must survive it
        logger.warning("Job %s could not be queued; it will be sent again", job_id, exc_info=True)
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(queue_error_at=timezone.now())
        return False
    Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now(), queue_error_at=None)
    return True


@transaction.atomic
def job_create(*, kind: str, title: str, params: dict | None = None, by=None) -> Job:
    """Record a job and enqueue it once the surrounding transaction commits.

    Enqueuing on commit means a worker never looks for a job row that is not yet visible, and a
    rolled-back request leaves no job behind.
    """
    get_handler(kind)  # fail now, in the caller, for an unknown kind
    job = Job.objects.create(kind=kind, title=title, params=params or {}, requested_by=by)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def job_retry(*, job: Job, by=None) -> Job:
    """Put a failed job back in the queue, with a new budget of ``JOB_MAX_ATTEMPTS`` attempts."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state != Job.State.FAILED:
        raise ValidationError(_("Only a failed job can be retried."))
    job.state, job.progress, job.error, job.message, job.attempts = Job.State.QUEUED, 0, "", "", 0
    job.save(update_fields=["state", "progress", "error", "message", "attempts"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _is_alive(job: Job, now) -> bool:
    """A running job is alive while its heartbeat (or its start) is recent."""
    seen = job.heartbeat_at or job.started_at
    return seen is not None and (now - seen).total_seconds() < settings.JOB_STALE_AFTER_SECONDS


def _give_up(job: Job) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        job.error = ngettext(
            "The job stopped its worker %(n)d time and was not tried again. The data it works on may be too "
            "large; tell the system's administrator.",
            "The job stopped its worker %(n)d times and was not tried again. The data it works on may be too "
            "large; tell the system's administrator.", job.attempts) % {"n": job.attempts}
    job.state, job.finished_at = Job.State.FAILED, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def _claim(job_id) -> Job | None:
    """Mark the job running; None when there is nothing to do (finished already, or gone).

    A job found ``running`` is one whose worker died mid-way (the broker redelivered it because
    acknowledgement is late): it is run again from the start. Its result is written only together
    with the final state, so a job never ends up with two results.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        now = timezone.now()
        if job is None or job.state in (Job.State.SUCCEEDED, Job.State.FAILED):
            return None
        if job.state == Job.State.RUNNING and _is_alive(job, now):
            return None   # a second delivery while another worker runs it
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _give_up(job)
            return None
        job.state, job.started_at, job.heartbeat_at, job.progress = Job.State.RUNNING, now, now, 0
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["state", "started_at", "heartbeat_at", "progress", "attempts", "error"])
        return job


class _Heartbeat:
    """Touches the running job's ``heartbeat_at`` every ``JOB_HEARTBEAT_SECONDS`` from a thread of its own (a
    handler may render one PDF for minutes without reporting progress)."""

    def __init__(self, job_id) -> None:
        self.job_id, self.stop = job_id, threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(5)


def job_run(*, job_id) -> Job | None:
    """Run a job to its end. Called by the Celery task; safe to call again for the same job."""
    job = _claim(job_id)
    if job is None:
        return None
    job_pk = job.pk  # the closure below sees the claimed job's id (mypy does not narrow ``job`` inside it)

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job_pk).update(progress=max(0, min(100, int(percent))), message=message[:255],
                                             heartbeat_at=timezone.now())

    try:
        with _Heartbeat(job.pk):
            result = get_handler(job.kind)(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state == Job.State.SUCCEEDED:  # another delivery finished first
            return job
        if result.stored:
            job.result.name = result.stored   # the record's own file: stored once (core.jobs.JobResult.of_record)
        else:
            job.result.save(result.filename, ContentFile(result.content), save=False)
        job.result_name = result.filename
        job.result_content_type = result.content_type
        job.state, job.progress, job.finished_at = Job.State.SUCCEEDED, 100, timezone.now()
        job.message = ""
        job.save(update_fields=["result", "result_name", "result_content_type", "state", "progress",
                                "finished_at", "message"])
    return job


def jobs_recover(*, now=None) -> dict[str, int]:
    """Periodic (Celery beat, every minute): send again queued jobs the queue never took or lost, and put back in
    the queue running jobs whose worker died (no heartbeat), giving up after ``JOB_MAX_ATTEMPTS``. Idempotent: a
    job delivered twice runs once (``_claim``)."""
    now = now or timezone.now()
    counts = {"requeued": 0, "restarted": 0, "given_up": 0}
    waited = now - timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    queued = Job.objects.filter(state=Job.State.QUEUED, created_at__lt=waited).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=waited))
    for job_id in queued.values_list("pk", flat=True):
        counts["requeued"] += _enqueue(job_id)
    lost = Job.objects.filter(state=Job.State.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale))
    for job_id in lost.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.state != Job.State.RUNNING or _is_alive(job, now):
                continue
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                _give_up(job)
                counts["given_up"] += 1
                continue
            job.state = Job.State.QUEUED
            job.save(update_fields=["state"])
        counts["restarted"] += _enqueue(job_id)
    return counts


ACCESSIBILITY_FIELDS = ("entity_name", "website_url", "published_on", "updated_on", "compliance",
                        "inaccessible_content", "prepared_on", "reviewed_on", "assessment", "auditor",
                        "keyboard_and_aids", "contact_person", "contact_email", "contact_phone", "architecture",
                        "mobile_apps")


@transaction.atomic
def accessibility_statement_save(*, by, **fields):
    """The ROPS administrator changes the accessibility statement (recorded in its history)."""
    if by is None or not by.has_perm("core.edit_accessibility_statement"):
        raise PermissionDenied
    unknown = set(fields) - set(ACCESSIBILITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    statement = accessibility_statement()
    if statement.pk:
        statement = AccessibilityStatement.objects.select_for_update().get(pk=statement.pk)
    for name, value in fields.items():
        setattr(statement, name, value)
    if statement.compliance != AccessibilityStatement.Compliance.FULL and not statement.inaccessible_content.strip():
        raise ValidationError({"inaccessible_content": _("Say what is not accessible and why: the website is not "
                                                         "fully compliant.")})
    if statement.assessment == AccessibilityStatement.Assessment.AUDITOR and not statement.auditor.strip():
        raise ValidationError({"auditor": _("Name the party that assessed the website.")})
    statement.full_clean()
    set_history_user(statement, by)
    statement.save()
    return statement


@transaction.atomic
def ezd_case_sign_set(*, obj, case_sign: str, by):
    """Store the case sign EZD assigned to ``obj`` (a record with a case package, ``core.ezd``); staff only, a
    person (the sign is copied from EZD). A later correction replaces it; the history keeps the earlier one."""
    require_perm(by, "core.handle_case_packages", system=False)
    if not has_package(obj):
        raise ValidationError(_("This record has no case package."), code="no_package")
    case_sign = (case_sign or "").strip().upper()
    validate_case_sign(case_sign)
    record, _created = EzdCaseSign.objects.select_for_update().get_or_create(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
        defaults={"case_sign": case_sign, "registered_by": by})
    record.case_sign, record.registered_by = case_sign, by
    set_history_user(record, by)
    record.save()
    return record


def ezd_case_sign_of(obj) -> str:
    """The case sign EZD assigned to ``obj`` ("" until staff record it)."""
    return EzdCaseSign.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                                      object_id=str(obj.pk)).values_list("case_sign", flat=True).first() or ""


# --- personal data (core.privacy) -------------------------------------------------------------------------------

@transaction.atomic
def privacy_settings_save(*, by, **fields):
    """The ROPS administrator keeps who the controller is and the DPO's contact (the information clause)."""
    require_perm(by, "core.edit_privacy_settings", system=False,
                 message=_("Only the ROPS administrator changes the personal data settings."))
    current = privacy_settings()
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    set_history_user(current, by)
    current.save()
    return current


@transaction.atomic
def data_request_record(*, kind: str, name: str, email: str, received_on, description: str = "", by):
    """Staff record a data subject's request; the one-month deadline runs from ``received_on``."""
    require_perm(by, "core.handle_data_requests", system=False)
    if received_on > timezone.localdate():
        raise ValidationError(_("A request cannot be received in the future."), code="received_on")
    request = DataSubjectRequest(kind=kind, name=name.strip(), email=email.strip().lower(), received_on=received_on,
                                 description=description.strip(), recorded_by=by)
    request.full_clean()
    set_history_user(request, by)
    request.save()
    return request


@transaction.atomic
def data_request_extend(*, request, until, reason: str, by):
    """Extend the deadline by up to two further months (art. 12(3)); the reason is told to the person."""
    require_perm(by, "core.handle_data_requests", system=False)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request is closed."), code="closed")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension (the person is told it)."), code="reason")
    if until <= request.due_on or until > request.latest_extension:
        raise ValidationError(_("The deadline may be extended to a day after %(due)s and no later than %(last)s.") % {
            "due": date_format(request.due_on, "SHORT_DATE_FORMAT"),
            "last": date_format(request.latest_extension, "SHORT_DATE_FORMAT")}, code="until")
    request.extended_until, request.extension_reason = until, reason.strip()
    set_history_user(request, by)
    request.save(update_fields=["extended_until", "extension_reason"])
    return request


@transaction.atomic
def data_request_close(*, request, status: str, outcome: str, by):
    """Record the answer given to the person (answered, or refused with the reason)."""
    require_perm(by, "core.handle_data_requests", system=False)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request is closed."), code="closed")
    if status not in (DataSubjectRequest.Status.DONE, DataSubjectRequest.Status.REFUSED) or not outcome.strip():
        raise ValidationError(_("Give the answer given to the person."), code="outcome")
    request.status, request.outcome = status, outcome.strip()
    request.closed_by, request.closed_at = by, timezone.now()
    set_history_user(request, by)
    request.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    return request


def data_request_access_rows(request) -> list[tuple[str, str, str, str]]:
    """Everything the system holds about the person, matched by e-mail in every declared activity that can be
    searched (``core.privacy``): (activity, record, field, value)."""
    rows = []
    for activity in activities():
        if activity.exporter is not None:
            rows += [(str(activity.name), *row) for row in activity.exporter(request.email)]
    return rows


@transaction.atomic
def data_request_erase(*, request, by) -> list:
    """Erasure through each app's own service (``ProcessingActivity.anonymiser``): what each anonymised, and what
    it kept with the legal reason. Recorded on the request's answer draft; staff then close the request."""
    require_perm(by, "core.handle_data_requests", system=False)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open or request.kind != DataSubjectRequest.Kind.ERASURE:
        raise ValidationError(_("Only an open erasure request is carried out."), code="kind")
    results = [(activity, activity.anonymiser(request.email, by)) for activity in activities()
               if activity.anonymiser is not None]
    lines = []
    for activity, erasure in results:
        if erasure.anonymised:
            lines.append(ngettext("%(activity)s: %(n)d record erased.", "%(activity)s: %(n)d records erased.",
                                  erasure.anonymised) % {"activity": activity.name, "n": erasure.anonymised})
        lines += [_("%(activity)s: kept %(what)s – %(why)s") % {"activity": activity.name, "what": r.what,
                                                                 "why": r.reason} for r in erasure.refused]
    request.outcome = "\n".join(lines) or _("Nothing is held about this person.")
    set_history_user(request, by)
    request.save(update_fields=["outcome"])
    return results


# --- retention (core.retention) --------------------------------------------------------------------------------

@transaction.atomic
def retention_review(*, today=None) -> int:
    """The monthly review: for each declared rule, the records past their period are listed in a pending
    proposal (one per rule, refreshed each month until staff confirm it). Returns the records listed."""
    today = today or timezone.localdate()
    listed = 0
    for rule in rules():
        before = cutoff(rule.effective_category, today)
        ids = [] if before is None else sorted(rule.candidates(before).values_list("pk", flat=True))
        pending = DisposalProposal.objects.select_for_update().filter(rule_key=rule.key,
                                                                      confirmed_at__isnull=True).first()
        if not ids:
            if pending is not None:
                pending.delete()
            continue
        if pending is None:
            pending = DisposalProposal(rule_key=rule.key)
        pending.category, pending.object_ids, pending.proposed_on = rule.effective_category, ids, today
        pending.save()
        listed += len(ids)
    return listed


@transaction.atomic
def disposal_confirm(*, proposal, by):
    """Staff confirm a proposal: the listed records still past their period are disposed of by the app's own
    service (anonymised or deleted); who confirmed, when and how many stay in the proposal's history."""
    require_perm(by, "core.handle_data_requests", system=False)
    proposal = DisposalProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ValidationError(_("This disposal has already been confirmed."), code="confirmed")
    declared = retention_rule(proposal.rule_key)
    before = cutoff(declared.effective_category, timezone.localdate())
    still = [] if before is None else list(declared.candidates(before).filter(pk__in=proposal.object_ids)
                                           .values_list("pk", flat=True))
    proposal.disposed = declared.dispose(still, by) if still else 0
    proposal.confirmed_at, proposal.confirmed_by = timezone.now(), by
    set_history_user(proposal, by)
    proposal.save(update_fields=["disposed", "confirmed_at", "confirmed_by"])
    return proposal


@transaction.atomic
def data_requests_dispose(*, ids, by) -> int:
    """Retention: closed data subject requests past their period are deleted (who confirmed it is recorded on the
    disposal proposal)."""
    require_perm(by, "core.handle_data_requests", system=False)
    pks = list(DataSubjectRequest.objects.filter(pk__in=ids, closed_at__isnull=False).values_list("pk", flat=True))
    DataSubjectRequest.objects.filter(pk__in=pks).update(name="", email="anonymised@invalid", description="",
                                                         outcome="", extension_reason="")
    DataSubjectRequest.history.filter(id__in=pks).delete()
    DataSubjectRequest.objects.filter(pk__in=pks).delete()   # the history keeps one blank deletion entry each
    return len(pks)
