"""Certificates: issuing (numbered, gap-free), the sealed PDF, withdrawal, the signed public list, the daily run
(start, reminders, expiry) and the award at a gala."""

import calendar
import json
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_staff
from committee.models import Resolution
from core.audit import set_history_user as _history_user
from core.mail import mail_send, site_url
from core.seal import seal_detached, sha256_hex
from core.services import job_create
from events.models import EventKind

from ..models import (
    Application,
    Certificate,
    CertificateCounter,
    CertificateList,
    Status,
)
from ..selectors import certificate_list_payload
from .applications import application_transition
from .assessment import application_apply_vote


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

