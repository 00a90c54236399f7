from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.permissions import is_pes_representative, is_staff_member
from core.computations import shared
from core.home import Queue
from core.paging import Page, Paginator
from entities.models import Entity

from .models import Event, EventStatus, Registration

# Events that took place: what the monitoring counts.
TOOK_PLACE = (EventStatus.HELD, EventStatus.REPORTED)
PUBLIC_STATUSES = (EventStatus.PLANNED, EventStatus.REGISTRATION_OPEN, EventStatus.REGISTRATION_CLOSED)


def event_list(*, user) -> QuerySet[Event]:
    """Events for the back-office calendar (ROPS roles, board viewers and committee members)."""
    if not user.has_perm("events.view_events"):
        return Event.objects.none()
    return Event.objects.select_related("organiser").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
    ).order_by("starts_at", "pk")


def event_get_for_user(*, user, pk) -> Event:
    event = Event.objects.select_related("organiser", "created_by").filter(pk=pk).first()
    if event is None or not user.has_perm("events.view_events"):
        raise Http404
    return event


@dataclass
class Participants:
    """The registrations an event page shows: the counts of all of them, a page of the confirmed ones and the
    waiting list (``event_participants``)."""

    confirmed: int
    present: int
    waiting: list[Registration]
    cancelled: int
    page: Page


PARTICIPANT_FIELDS = ("event_id", "entity", "entity__name", "entity__short_name", "first_name", "last_name", "email",
                      "institution", "category", "accessibility_needs", "status", "attended", "walk_in", "created_at")
WAITING_FIELDS = ("event_id", "first_name", "last_name", "institution", "category", "status", "created_at")


def event_participants(*, event: Event, page: str | int | None, per_page: int) -> Participants:
    """What the event page shows of its registrations in three queries whatever their number: the counts by
    status and of those present (one aggregate), one page of the confirmed registrations in registration order
    (only the columns shown) and the waiting list. A page of 100 out of 500 reads 100 rows, not 500."""
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        present=Count("pk", filter=Q(status=Registration.Status.CONFIRMED, attended=True)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)))
    confirmed = (event.registrations.filter(status=Registration.Status.CONFIRMED).select_related("entity")
                 .only(*PARTICIPANT_FIELDS).order_by("created_at", "pk"))
    paginator = Paginator(confirmed, per_page)
    paginator.count = counts["confirmed"]   # known already: no COUNT query of its own
    waiting = list(event.registrations.filter(status=Registration.Status.WAITING).only(*WAITING_FIELDS)
                   .order_by("created_at", "pk"))
    return Participants(confirmed=counts["confirmed"], present=counts["present"], waiting=waiting,
                        cancelled=counts["cancelled"], page=paginator.get_page(page))


def public_event_list(*, now=None) -> QuerySet[Event]:
    """Upcoming events shown to everybody (no login)."""
    now = now or timezone.now()
    return Event.objects.filter(status__in=PUBLIC_STATUSES, ends_at__gte=now).order_by("starts_at", "pk")


def public_event_get(*, pk) -> Event:
    event = Event.objects.filter(pk=pk, status__in=PUBLIC_STATUSES).first()
    if event is None:
        raise Http404
    return event


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


@dataclass
class YearCounts:
    """What the events of a year contributed, for the programme's computed indicators and monitoring.

    Only events that took place (held or reported) count; a participant is a registration marked
    as attended (walk-ins included). The counts by kind, category and powiat are read with the object (two
    queries); those by entity and by direction, which only some pages show, when first used (one query each).
    """

    year: int
    events_by_kind: dict[str, int] = field(default_factory=dict)
    participants_by_kind: dict[str, int] = field(default_factory=dict)
    participants_by_category: dict[str, int] = field(default_factory=dict)
    participants_by_powiat: dict[str, int] = field(default_factory=dict)

    @property
    def events_total(self) -> int:
        return sum(self.events_by_kind.values())

    @property
    def participants_total(self) -> int:
        return sum(self.participants_by_kind.values())

    @cached_property
    def participants_by_entity(self) -> dict[int, int]:
        return dict(participants_attended(self.year).exclude(entity=None).values_list("entity").annotate(
            n=Count("pk")).order_by())

    @cached_property
    def events_by_direction(self) -> dict[int, int]:
        """Per intervention direction of the programme (filled once events link to directions)."""
        return dict(events_took_place(self.year).exclude(directions=None).values_list("directions").annotate(
            n=Count("pk", distinct=True)).order_by())

    @cached_property
    def participants_by_direction(self) -> dict[int, int]:
        return dict(participants_attended(self.year).exclude(event__directions=None).values_list(
            "event__directions").annotate(n=Count("pk", distinct=True)).order_by())


def events_took_place(year: int):
    """Events of a calendar year (by their start) that took place: held or reported."""
    return Event.objects.filter(status__in=TOOK_PLACE, starts_at__year=year)


def participants_attended(year: int):
    """Registrations of those events whose person attended: the year's participants."""
    return Registration.objects.filter(event__in=events_took_place(year), attended=True)


@shared
def events_year_counts(*, year: int) -> YearCounts:
    """Counts of events and participants for one calendar year (by the event's start); two queries, read once
    within ``shared_figures`` (the dashboard's key figures, chart and map)."""
    events = events_took_place(year)
    attended = participants_attended(year)
    counts = YearCounts(year=year)
    counts.events_by_kind = dict(events.values_list("kind").annotate(n=Count("pk")).order_by())
    by_kind: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    by_powiat: dict[str, int] = defaultdict(int)
    # One GROUP BY for the three breakdowns of the participants (at most kinds × categories × powiaty rows).
    for kind, category, powiat, n in attended.values_list("event__kind", "category", "powiat_code").annotate(
            n=Count("pk")).order_by():
        by_kind[kind] += n
        by_category[category] += n
        if powiat:
            by_powiat[powiat] += n
    counts.participants_by_kind = dict(by_kind)
    counts.participants_by_category = dict(by_category)
    counts.participants_by_powiat = dict(by_powiat)
    return counts


def _direction_counts(counts: YearCounts, events, attended) -> None:
    """Per intervention direction of the programme (filled once events link to directions)."""
    if not hasattr(Event, "directions"):
        return
    counts.events_by_direction = dict(
        events.exclude(directions=None).values_list("directions").annotate(n=Count("pk", distinct=True)).order_by())
    counts.participants_by_direction = dict(
        attended.exclude(event__directions=None).values_list("event__directions")
        .annotate(n=Count("pk", distinct=True)).order_by())


# --- the home page ("Moje sprawy") ------------------------------------------------------------------------------

def participant_matters(user):
    """Events to come a PES representative registered for: by their e-mail address or for an entity they
    represent (None for other roles); one query besides the role."""
    if not is_pes_representative(user):
        return None
    return list(Registration.objects.filter(
        Q(email__iexact=user.email) | Q(entity__in=Entity.objects.represented_by(user)),
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING], event__ends_at__gte=timezone.now(),
    ).exclude(event__status=EventStatus.CANCELLED).select_related("event").order_by("event__starts_at", "pk")[:20])


def staff_queues(user):
    """The events of this week (Monday to Sunday), for the staff's home page (None for other roles): one query."""
    if not is_staff_member(user):
        return None
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=6), time.max, tzinfo=tz)
    n = Event.objects.filter(starts_at__lte=end, ends_at__gte=start).exclude(status=EventStatus.CANCELLED).count()
    return [Queue(ngettext("%(n)d event this week", "%(n)d events this week", n) % {"n": n}, n,
                  f"{reverse('events:calendar')}?month={monday:%Y-%m}")]


def public_upcoming(user=None, *, limit: int = 5) -> list[Event]:
    """The next public events, for the public entrance: one query."""
    return list(public_event_list()[:limit])


# What the attendance sheet filters on (``attendance_sheet``): all, present, absent, not marked yet.
ATTENDANCE_FILTERS = ("", "present", "absent", "unmarked")


def attendance_sheet(*, event: Event, text: str = "", state: str = "") -> list[Registration]:
    """The confirmed registrations of the event for the attendance sheet (the ones ``attendance_mark`` marks),
    searched by name, e-mail or institution and filtered by what is recorded: one query however many (a fair of
    500 people is one page, so "select all" selects everybody shown)."""
    qs = event.registrations.filter(status=Registration.Status.CONFIRMED).select_related("entity")
    for word in text.split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
                       | Q(institution__icontains=word) | Q(entity__name__icontains=word))
    if state == "present":
        qs = qs.filter(attended=True)
    elif state == "absent":
        qs = qs.filter(attended=False)
    elif state == "unmarked":
        qs = qs.filter(attended__isnull=True)
    return list(qs.order_by("last_name", "first_name", "pk"))
