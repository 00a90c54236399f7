"""Indicators computed from events (see programmes/computations.py)."""

from django.utils.translation import gettext_lazy as _

from programmes.computations import computation

from .selectors import events_took_place, participants_attended


@computation("events_held", label=_("Events held (fairs, conferences, trainings, visits, meetings)"), unit="szt.")
def events_held(*, year: int) -> int:
    return events_took_place(year).count()


@computation("event_participants", label=_("Participants of events"), unit="osoby")
def event_participants(*, year: int) -> int:
    return participants_attended(year).count()
