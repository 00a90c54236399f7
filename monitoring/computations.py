"""Indicators computed from the yearly monitoring campaign (see core/computations.py).

A question marked with a ``Measure`` feeds the computation ``survey_<measure>``; its value for a year is the
figure frozen when that year's campaign closed: the number of "yes" answers for a yes/no question, the total of
the answers otherwise. Until the year's campaign is closed there is no value (``NotAvailable``), never a zero
counted from answers that can still change. Its breakdown lists the submitted answers counted, each linked to
the response, and the total per powiat of the respondents' seats as frozen with the figure.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.computations import RECORDS_SHOWN, Details, Line, NotAvailable, computation, link, shared
from entities.computations import powiat_lines

from .models import MEASURES, Campaign, CampaignFigure, Measure, Response

PREFIX = "survey_"


def measure_of(name: str) -> Measure | None:
    """The measure a computation's name stands for (None for other computations)."""
    if not name.startswith(PREFIX):
        return None
    try:
        return Measure(name.removeprefix(PREFIX))
    except ValueError:
        return None


@shared
def closed_campaign_figures(year: int) -> tuple[bool, list[CampaignFigure]]:
    """(is the year's campaign closed, its frozen figures in their order): one query when it is closed (the
    dashboard's survey figures, its map and its key figures share it), two when it is not."""
    figures = list(CampaignFigure.objects.filter(campaign__year=year, campaign__status=Campaign.Status.CLOSED))
    closed = bool(figures) or (year, Campaign.Status.CLOSED) in campaign_years()
    return closed, figures


@shared
def campaign_years() -> list[tuple[int, str]]:
    """(year, status) of every campaign: one query, shared by the dashboard's choice of years and the figures."""
    return list(Campaign.objects.values_list("year", "status"))


def _frozen_figures(year: int) -> tuple[bool, dict[str, CampaignFigure]]:
    """(is the year's campaign closed, measure → its first figure by id)."""
    closed, figures = closed_campaign_figures(year)
    by_measure: dict[str, CampaignFigure] = {}
    for figure in sorted(figures, key=lambda f: f.pk):
        if figure.measure:
            by_measure.setdefault(figure.measure, figure)
    return closed, by_measure


def frozen_figure(measure: str, year: int) -> CampaignFigure:
    """The figure of the question carrying ``measure`` in the year's closed campaign (NotAvailable without one)."""
    closed, figures = _frozen_figures(year)
    if measure in figures:
        return figures[measure]
    if not closed:
        raise NotAvailable(_("The monitoring campaign for %(year)d is not closed yet.") % {"year": year})
    raise NotAvailable(_("No question of the %(year)d campaign was marked as feeding this indicator.")
                       % {"year": year})


def figure_value(figure: CampaignFigure) -> Decimal:
    return Decimal(figure.yes_count) if figure.yes_count is not None else (figure.total or Decimal(0))


def survey_details(measure: str, year: int) -> Details:
    """The answers a survey figure counts: those submitted by the respondents of its questionnaire when the campaign
    closed (a draft at that time is not counted)."""
    figure = frozen_figure(measure, year)
    answers = Response.objects.filter(
        respondent__campaign_id=figure.campaign_id, status=Response.Status.SUBMITTED,
        respondent__questionnaire__respondent_type=figure.respondent_type).values_list(
        "respondent_id", "respondent__entity__name", "answers").order_by("respondent__entity__name", "pk")
    answered = [(pk, name, a[figure.question_number]) for pk, name, a in answers
                if a.get(figure.question_number) is not None]
    yes_count = figure.yes_count
    yes_no = yes_count is not None
    groups: tuple[tuple[str, tuple[Line, ...]], ...]
    total: int | Decimal
    if yes_count is not None:  # a yes/no question
        groups = ((_("Answers"), (Line(_("yes"), yes_count),
                                  Line(_("no"), figure.respondents - yes_count),
                                  Line(_("answered"), figure.respondents))),)
        total = sum(1 for _pk, _name, value in answered if value is True)
    else:
        groups = ((_("By powiat of the respondent's seat"), powiat_lines(
            {code: Decimal(v) for code, v in figure.by_powiat.items()})),
                  (_("Answers"), (Line(_("answered"), figure.respondents),
                                  Line(_("average"), figure.average if figure.average is not None else "",
                                       unit=MEASURES[measure].unit))))
        total = sum((Decimal(str(value)) for _pk, _name, value in answered), Decimal(0))
    show = (lambda v: _("yes") if v else _("no")) if yes_no else (lambda v: v)
    return Details(
        groups=groups,
        records_title=_("Submitted answers to question %(number)s: %(text)s") % {
            "number": figure.question_number, "text": figure.question_text},
        records=tuple(Line(name, show(value), link("monitoring:answer", pk)) for pk, name, value in
                      answered[:RECORDS_SHOWN]),
        records_count=len(answered), records_total=total,
        list_url=link("monitoring:campaign", figure.campaign_id),
        note=_("Frozen when the campaign for %(year)d was closed; answers still in draft at that time do not "
               "count.") % {"year": year})


def _register(measure: Measure) -> None:
    @computation(PREFIX + measure.value, label=measure.label, unit=MEASURES[measure].unit,
                 breakdown=lambda year: survey_details(measure, year))
    def survey(*, year: int) -> Decimal:
        return figure_value(frozen_figure(measure, year))


for _measure in Measure:
    _register(_measure)
