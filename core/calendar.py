"""A person's own calendar (iCalendar, RFC 5545): a secret address they subscribe to from their calendar program.

Core knows no higher app. Each app registers a source in its ``AppConfig.ready()`` (``calendar_source``): a
function of the person answering their own entries (committee: the meetings of the committees they sit on and the
deadlines of the votes they may cast; events: the events they registered for). The address holds a random token
(``CalendarFeed``) and needs no login (calendar programs cannot log in); whoever has it sees that person's entries,
so the person can replace it (``calendar_feed_regenerate``), which stops the old one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import CalendarFeed


@dataclass(frozen=True)
class CalendarEntry:
    uid: str                       # stable across fetches: "meeting-12"
    summary: str
    start: datetime
    end: datetime | None = None    # None: a moment (a deadline), shown as 30 minutes
    url: str = ""                  # absolute
    description: str = ""
    location: str = ""


_SOURCES: list[Callable[[object], Iterable[CalendarEntry]]] = []


def calendar_source(source: Callable[[object], Iterable[CalendarEntry]]):
    """Register ``source(user)``, the person's own entries from one app (once, however often ready() runs)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def calendar_entries(user) -> list[CalendarEntry]:
    """Every entry of ``user`` from every app, by start."""
    return sorted((entry for source in _SOURCES for entry in source(user)), key=lambda entry: entry.start)


def calendar_ical(user) -> bytes:
    """The person's calendar as an iCalendar file."""
    cal = Calendar()
    cal.add("prodid", "-//ROPS//Ekonomia spoleczna//PL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{settings.ROPS_NAME}: {user.get_full_name() or user.email}")
    stamp = timezone.now()
    for entry in calendar_entries(user):
        item = VEvent()
        item.add("uid", f"{entry.uid}@rops")
        item.add("summary", entry.summary)
        item.add("dtstart", entry.start)
        item.add("dtend", entry.end or entry.start + timedelta(minutes=30))
        item.add("dtstamp", stamp)
        if entry.location:
            item.add("location", entry.location)
        if entry.description:
            item.add("description", entry.description)
        if entry.url:
            item.add("url", entry.url)
        cal.add_component(item)
    return cal.to_ical()


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, 256 random bits


def calendar_feed_get(user) -> CalendarFeed:
    """The person's calendar address, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new secret address for the person; the old one stops working at once."""
    feed = calendar_feed_get(user)
    feed.token = _new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def calendar_feed_user(token: str):
    """The active person whose calendar address holds ``token``, or None (an unknown, replaced or malformed
    token, or a deactivated account)."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not secrets.compare_digest(feed.token, token) or not feed.user.is_active:
        return None
    return feed.user
