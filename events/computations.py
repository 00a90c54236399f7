"""Indicators computed from events (see programmes/computations.py)."""

from django.utils.translation import gettext_lazy as _

from programmes.computations import computation

from .selectors import events_year_counts


@computation("events_held", label=_("Events held (fairs, conferences, trainings, visits, meetings)"), unit="szt.")
def events_held(*, year: int) -> int:
    return events_year_counts(year=year).events_total


@computation("event_participants", label=_("Participants of events"), unit="osoby")
def event_participants(*, year: int) -> int:
    return events_year_counts(year=year).participants_total
