from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.computations import shared

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


def event_registrations(*, event: Event) -> dict[str, list[Registration]]:
    """The event's registrations split into confirmed, waiting and cancelled (one query)."""
    groups: dict[str, list[Registration]] = {s.value: [] for s in Registration.Status}
    for registration in event.registrations.select_related("entity").order_by("created_at", "pk"):
        groups[registration.status].append(registration)
    return groups


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
