"""Indicators computed from events (see core/computations.py), each with the breakdown of what it counts:
the events that took place in the year (``events_took_place``) and their attended participants."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.computations import RECORDS_SHOWN, Details, Line, computation, link

from .models import EventKind
from .selectors import events_took_place, events_year_counts


def _details(year: int, *, participants: bool) -> Details:
    counts = events_year_counts(year=year)
    kinds = dict(EventKind.choices)
    by_kind = counts.participants_by_kind if participants else counts.events_by_kind
    events = list(events_took_place(year).annotate(
        attended=Count("registrations", filter=Q(registrations__attended=True))).order_by("starts_at", "pk"))
    return Details(
        groups=((_("By kind"), tuple(Line(str(kinds[k]), by_kind[k]) for k in EventKind.values if by_kind.get(k))),),
        records_title=_("Events that took place (held or reported), with their participants"),
        records=tuple(Line(e.title, e.attended, link("events:detail", e.pk)) for e in events[:RECORDS_SHOWN]),
        records_count=len(events),
        records_total=sum(e.attended for e in events) if participants else len(events),
        list_url=link("events:list", year=year))


@computation("events_held", label=gettext_lazy("Events held (fairs, conferences, trainings, visits, meetings)"),
             unit="szt.", breakdown=lambda year: _details(year, participants=False))
def events_held(*, year: int) -> int:
    return events_year_counts(year=year).events_total  # read once with the dashboard's chart and map


@computation("event_participants", label=gettext_lazy("Participants of events"), unit="osoby",
             breakdown=lambda year: _details(year, participants=True))
def event_participants(*, year: int) -> int:
    return events_year_counts(year=year).participants_total
