"""Indicators computed from the yearly monitoring campaign (see programmes/computations.py).

A question marked with a ``Measure`` feeds the computation ``survey_<measure>``; its value for a year is the
figure frozen when that year's campaign closed: the number of "yes" answers for a yes/no question, the total of
the answers otherwise. Until the year's campaign is closed there is no value (``NotAvailable``), never a zero
counted from answers that can still change.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from programmes.computations import NotAvailable, computation

from .models import Campaign, CampaignFigure, Measure
from .validation import MEASURES

PREFIX = "survey_"


def measure_of(name: str) -> Measure | None:
    """The measure a computation's name stands for (None for other computations)."""
    if not name.startswith(PREFIX):
        return None
    try:
        return Measure(name.removeprefix(PREFIX))
    except ValueError:
        return None


def frozen_figure(measure: str, year: int) -> CampaignFigure:
    """The figure of the question carrying ``measure`` in the year's closed campaign (NotAvailable without one)."""
    figure = CampaignFigure.objects.filter(campaign__year=year, campaign__status=Campaign.Status.CLOSED,
                                           measure=measure).first()
    if figure is not None:
        return figure
    if not Campaign.objects.filter(year=year, status=Campaign.Status.CLOSED).exists():
        raise NotAvailable(_("The monitoring campaign for %(year)d is not closed yet.") % {"year": year})
    raise NotAvailable(_("No question of the %(year)d campaign was marked as feeding this indicator.")
                       % {"year": year})


def figure_value(figure: CampaignFigure) -> Decimal:
    return Decimal(figure.yes_count) if figure.yes_count is not None else (figure.total or Decimal(0))


def _register(measure: Measure) -> None:
    @computation(PREFIX + measure.value, label=measure.label, unit=MEASURES[measure].unit)
    def survey(*, year: int) -> Decimal:
        return figure_value(frozen_figure(measure, year))


for _measure in Measure:
    _register(_measure)
