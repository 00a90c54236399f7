"""Reminders before and after a due date, each sent once.

Core knows no higher app. Each app registers a source in its ``AppConfig.ready()`` (``reminder_source``): a
function of ``(earliest, latest)`` answering a ``Due`` for every recipient of every matter still pending whose due
date falls in that window (committee: a vote's deadline, for the members who may vote and have not; certification:
the deadline for corrections, for the applicant; committee and monitoring: a survey's deadline, for those who have
not answered; programmes: the consultation report's 30-day deadline, for staff).

``reminders_send`` (hourly, beat) sends each ``Due`` at its offsets (``settings.REMINDER_OFFSETS_HOURS``:
``before`` is negative, ``after`` positive): a "before" reminder from that moment until the due date itself, an
"after" one from its moment for ``REMINDER_CATCH_UP_HOURS`` (a task that did not run on time catches up, a task
long dead does not send stale reminders). ``ReminderSent`` is unique per matter, recipient and offset: a reminder
goes once however often the task runs, even two workers at once. Each goes through ``core.mail.mail_send`` with
its kind, so the recipient's choice (immediately, digest, off) holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .mail import mail_send
from .models import ReminderSent

BEFORE, AFTER = "before", "after"


@dataclass(frozen=True)
class Due:
    key: str                  # the matter, stable: "committee.vote:12"
    to: str                   # an e-mail address
    due: datetime             # aware
    kind: str                 # a notification kind (core.notifications)
    template: str             # an e-mail template (first line: the subject)
    context: dict = field(default_factory=dict)
    offsets: tuple[str, ...] = (BEFORE, AFTER)


_SOURCES: list[Callable[[datetime, datetime], Iterable[Due]]] = []


def reminder_source(source: Callable[[datetime, datetime], Iterable[Due]]):
    """Register ``source(earliest, latest)``: the pending matters due in that window, one ``Due`` per recipient."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def end_of_day(day: date) -> datetime:
    """A due date given as a day ends at midnight after it (local time): "by 12.12.2026" means all of that day."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def offset_delta(name: str) -> timedelta:
    return timedelta(hours=settings.REMINDER_OFFSETS_HOURS[name])


def reminder_window(now: datetime) -> tuple[datetime, datetime]:
    """The due dates a reminder may be sent for now: from those whose "after" reminder is still catching up to
    those whose "before" reminder starts now."""
    catch_up = timedelta(hours=settings.REMINDER_CATCH_UP_HOURS)
    return now - offset_delta(AFTER) - catch_up, now - offset_delta(BEFORE)


def reminder_is_due(due: datetime, offset: str, now: datetime) -> bool:
    """The reminder at ``offset`` of a matter due at ``due`` may be sent at ``now``."""
    moment = due + offset_delta(offset)
    if now < moment:
        return False
    if offset == BEFORE:
        return now < due
    return now < moment + timedelta(hours=settings.REMINDER_CATCH_UP_HOURS)


def reminders_send(*, now=None) -> int:
    """Send every reminder due now, each once (see the module). Returns the reminders sent (each recipient of each
    matter at each offset counts once, whatever their choice of delivery)."""
    now = now or timezone.now()
    earliest, latest = reminder_window(now)
    sent = 0
    for source in _SOURCES:
        for due in source(earliest, latest):
            for offset in due.offsets:
                if not reminder_is_due(due.due, offset, now):
                    continue
                try:
                    with transaction.atomic():
                        # Claimed first: a second run (or worker) fails on the unique key and sends nothing; a
                        # failed send rolls the claim back, so the next run tries again.
                        ReminderSent.objects.create(key=due.key, recipient=due.to, offset=offset)
                        mail_send(to=[due.to], template=due.template, kind=due.kind,
                                  context={**due.context, "due": due.due, "after": offset == AFTER})
                except IntegrityError:
                    continue
                sent += 1
    return sent
