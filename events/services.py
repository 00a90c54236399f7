"""The only writers of events and registrations.

Registration, cancellation and capacity changes lock the event row (``select_for_update``), so two
people taking the last seat at once end up one confirmed and one on the waiting list, and a freed
seat goes to exactly one waiting person.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.permissions import require_staff, staff_actors
from core.audit import set_history_user as _set_history_user
from core.mail import mail_send, site_url
from core.privacy import Erasure, Refusal
from core.uploads import store_under_random_name, validate_upload
from core.workflow import Move, transition

from .models import (
    ATTENDANCE_OPEN,
    EDITABLE,
    EVENT_WORKFLOW,
    NOT_YET_HELD,
    WALK_IN_OPEN,
    Event,
    EventDocument,
    EventStatus,
    Registration,
)

LIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITING)


@dataclass(frozen=True)
class ParticipantData:
    first_name: str
    last_name: str
    email: str
    category: str
    institution: str = ""
    entity_id: int | None = None
    powiat_code: str = ""
    accessibility_needs: str = ""


# --- events -----------------------------------------------------------------------------------

EVENT_FIELDS = {"kind", "title", "description", "starts_at", "ends_at", "gmina", "venue", "country", "city",
                "organiser", "budget_planned", "budget_spent", "capacity", "registration_deadline", "outcome_report"}


@transaction.atomic
def event_create(*, by, partners=(), directions=(), tasks=(), **fields) -> Event:
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    event = Event(created_by=by, **fields)
    _set_history_user(event, by)
    event.full_clean()
    event.save()
    event.partners.set(partners)
    event.directions.set(directions)
    event.tasks.set(tasks)
    return event


@transaction.atomic
def event_update(*, event: Event, by, partners=None, directions=None, tasks=None, **fields) -> Event:
    """Change an event's data. A larger capacity moves people up from the waiting list."""
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in EDITABLE:
        raise ValidationError(_("A reported or cancelled event can no longer be changed."))
    for name, value in fields.items():
        setattr(event, name, value)
    _set_history_user(event, by)
    event.full_clean()
    event.save()
    for name, values in (("partners", partners), ("directions", directions), ("tasks", tasks)):
        if values is not None:
            getattr(event, name).set(values)
    _promote_waiting(event)
    return event


def _timing_refusal(event: Event, to: str, now) -> str:
    """Why the move cannot be made at this time ("" when it can): registration opens only before the start,
    "held" only after it."""
    if to == EventStatus.REGISTRATION_OPEN and event.starts_at <= now:
        return _("Registration cannot be opened for an event that has already started.")
    if to == EventStatus.HELD and event.starts_at > now:
        return _("An event can be marked as held only once it has started.")
    return ""


def event_transitions_offered(event: Event, *, by=None, now=None) -> list[Move]:
    """The moves the event page offers ``by`` now: those of ``EVENT_WORKFLOW`` the timing allows (an event still
    to come does not offer "held")."""
    now = now or timezone.now()
    return [move for move in EVENT_WORKFLOW.moves(event.status, staff_actors(by, event))
            if not _timing_refusal(event, move.to, now)]


@transaction.atomic
def event_transition(*, event: Event, to: str, by, now=None) -> Event:
    """Move an event along ``EVENT_WORKFLOW``; cancelling tells every registered person."""
    now = now or timezone.now()

    def apply(event: Event, old: str) -> list[str]:
        refusal = _timing_refusal(event, to, now)
        if refusal:
            raise ValidationError(refusal, code="timing")
        if to == EventStatus.REPORTED and not event.outcome_report.strip():
            raise ValidationError(_("Write the outcome report before marking the event as reported."),
                                  code="no_report")
        return []

    def after_commit(event: Event, old: str) -> None:
        if to == EventStatus.CANCELLED:
            recipients = list(event.registrations.filter(status__in=LIVE).exclude(email="")
                              .values_list("email", flat=True))
            _send(recipients, "events/email/event_cancelled.txt", {"event": event})

    return transition(EVENT_WORKFLOW, event, to=to, by=by, actors_of=staff_actors, apply=apply,
                      after_commit=after_commit)


# --- registrations ----------------------------------------------------------------------------

def registration_is_open(event: Event, now=None) -> bool:
    now = now or timezone.now()
    if event.status != EventStatus.REGISTRATION_OPEN or event.starts_at <= now:
        return False
    return event.registration_deadline is None or now <= event.registration_deadline


@transaction.atomic
def registration_create(*, event: Event, data: ParticipantData, consent: bool, now=None) -> Registration:
    """Register a person from the public form: confirmed while seats remain, else on the waiting list."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not registration_is_open(event, now):
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    if not consent:
        raise ValidationError(_("Consent to the processing of personal data is required."), code="consent")
    email = data.email.strip().lower()
    if not email:
        raise ValidationError(_("Enter an e-mail address."), code="email")
    if event.registrations.filter(email=email, status__in=LIVE).exists():
        raise ValidationError(_("This e-mail address is already registered for this event."), code="duplicate")
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    has_seat = event.capacity is None or confirmed < event.capacity
    registration = Registration(
        event=event, first_name=data.first_name.strip(), last_name=data.last_name.strip(), email=email,
        institution=data.institution.strip(), entity_id=data.entity_id, category=data.category,
        powiat_code=data.powiat_code, accessibility_needs=data.accessibility_needs.strip(), consent_at=now,
        status=Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITING,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same address registered in a parallel request
        raise ValidationError(_("This e-mail address is already registered for this event."),
                              code="duplicate") from None
    template = "events/email/registration_confirmed.txt" if has_seat else "events/email/registration_waiting.txt"
    context = {"event": event, "registration": registration, "cancel_url": cancel_url(registration)}
    transaction.on_commit(lambda: _send([email], template, context))
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by=None, now=None) -> Registration:
    """Cancel a registration (the person through their link, ``by=None``, or staff).

    A freed seat goes to the first person on the waiting list, who is told by e-mail.
    """
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if event.status not in NOT_YET_HELD:
        raise ValidationError(_("Registrations of an event that has taken place or was cancelled stay as they are."))
    if by is None and event.starts_at <= now:
        raise ValidationError(_("The event has already started; the registration can no longer be cancelled."))
    registration.status, registration.status_changed_at = Registration.Status.CANCELLED, now
    _set_history_user(registration, by)
    registration.save(update_fields=["status", "status_changed_at"])
    _promote_waiting(event, now=now)
    return registration


def _promote_waiting(event: Event, now=None) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served. Caller holds the event lock."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if free <= 0:
            return []
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")
    promoted = list(waiting if free is None else waiting[:free])
    now = now or timezone.now()
    for registration in promoted:
        registration.status, registration.status_changed_at = Registration.Status.CONFIRMED, now
        registration.save(update_fields=["status", "status_changed_at"])
        context = {"event": event, "registration": registration, "cancel_url": cancel_url(registration)}
        if registration.email:
            email = registration.email
            transaction.on_commit(partial(_send, [email], "events/email/registration_promoted.txt", context))
    return promoted


@transaction.atomic
def attendance_mark(*, event: Event, registration_ids, attended: bool, by) -> int:
    """Mark attendance for several registrations of one event at once; returns how many changed."""
    if event.status not in ATTENDANCE_OPEN:
        raise ValidationError(_("Attendance can be recorded only for an event that takes place."))
    rows = list(event.registrations.filter(pk__in=registration_ids, status=Registration.Status.CONFIRMED)
                .exclude(attended=attended))
    for row in rows:
        row.attended = attended
    if rows:
        bulk_update_with_history(rows, Registration, ["attended"], default_user=by)
    return len(rows)


@transaction.atomic
def walk_in_add(*, event: Event, data: ParticipantData, by) -> Registration:
    """Staff add a person who came without registering: confirmed and present, over capacity if need be."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in WALK_IN_OPEN:
        raise ValidationError(_("Participants can be added at the door only while the event takes place."))
    email = data.email.strip().lower()
    if email and event.registrations.filter(email=email, status__in=LIVE).exists():
        raise ValidationError(_("This e-mail address is already registered for this event."), code="duplicate")
    registration = Registration(
        event=event, first_name=data.first_name.strip(), last_name=data.last_name.strip(), email=email,
        institution=data.institution.strip(), entity_id=data.entity_id, category=data.category,
        powiat_code=data.powiat_code, accessibility_needs=data.accessibility_needs.strip(),
        status=Registration.Status.CONFIRMED, attended=True, walk_in=True,
    )
    _set_history_user(registration, by)
    registration.save()
    return registration


def participants_anonymise(*, now=None, retention_days: int | None = None) -> int:
    """Clear personal data of participants of events that ended longer ago than the retention period.

    Category, entity, powiat and attendance stay, so the counts do not change. Returns the number of
    registrations anonymised. Personal fields are not in the audit history (see the model).
    """
    now = now or timezone.now()
    days = settings.EVENTS_PARTICIPANT_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = now - timedelta(days=days)
    return Registration.objects.filter(event__ends_at__lt=cutoff, anonymised_at__isnull=True).update(
        first_name="", last_name="", email="", institution="", accessibility_needs="", anonymised_at=now,
    )


# --- documents ---------------------------------------------------------------------------------

@transaction.atomic
def event_document_add(*, event: Event, title: str, kind: str, upload, by) -> EventDocument:
    """Attach a document or photo to an event: checked by content, stored under a random name (the original
    name is kept to be shown), recorded with who added it."""
    require_staff(by, system=False)
    if kind not in EventDocument.Kind.values:
        raise ValidationError(_("Choose the kind of file."), code="kind")
    content_kind = validate_upload(upload)
    original = store_under_random_name(upload, content_kind)
    document = EventDocument(event=event, title=title.strip(), kind=kind, file=upload, original_name=original,
                             uploaded_by=by)
    _set_history_user(document, by)
    document.save()
    return document


# --- e-mail -----------------------------------------------------------------------------------

def cancel_url(registration: Registration) -> str:
    return site_url(reverse("events:public_cancel", args=[registration.cancel_token]))


def _send(recipients: list[str], template: str, context: dict) -> None:
    # A participant's own registration (with its cancel link) always goes; other news as they chose.
    kind = "events.cancelled" if template == "events/email/event_cancelled.txt" else "events.registration"
    mail_send(to=recipients, template=template, kind=kind, context=context)


@transaction.atomic
def participant_erase(*, email: str, by):
    """A data subject's erasure request (core.privacy): their registrations for events that have ended are
    anonymised now, as ``participants_anonymise`` does after the retention period (counts stay); those for events
    still to come are kept until the event, and the refusal says why."""
    require_staff(by, system=False)
    now = timezone.now()
    mine = Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
    count = mine.filter(event__ends_at__lt=now).update(first_name="", last_name="", email="", institution="",
                                                       accessibility_needs="", anonymised_at=now)
    refused: tuple[Refusal, ...] = ()
    if mine.filter(event__ends_at__gte=now).exists():
        refused = (Refusal(_("registrations for events still to come"),
                           _("Needed to hold the event the person registered for; cancel the registration to "
                             "have it removed.")),)
    return Erasure(anonymised=count, refused=refused)


@transaction.atomic
def registrations_dispose(*, ids, by) -> int:
    """Retention (core.retention): the listed registrations, past their archival period, are anonymised as
    ``participants_anonymise`` does (counts stay). Returns how many."""
    require_staff(by, system=False)
    return Registration.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
        first_name="", last_name="", email="", institution="", accessibility_needs="", anonymised_at=timezone.now())
