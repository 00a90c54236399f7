"""Fractions are rounded half up, once, by one rule (``core.computations.figure_text``) wherever a figure is
shown: the report's PDF and spreadsheet, the campaign page, the drill-down, the dashboard's indicators and the
completion of a campaign.

The campaign: three PES answer revenue 100 000 / 200 000 / 150 000,50 zł (average 150 000,1666… zł), a market
share of 45 / 50 / 50 % (average 48,333… %) and 10 / 10 / 11 employed (average 10,333…).
"""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from entities.tests.factories import EntityFactory
from monitoring import services
from monitoring.figures import report_snapshot
from monitoring.models import Measure, Question, Report
from monitoring.reports import render_report_xlsx, report_data

from .factories import GOOD, YEAR, CampaignFactory, pes_questionnaire, small_programme

pytestmark = pytest.mark.django_db

ANSWERS = [{"2": "100000", "3": "45", "1": "10"}, {"2": "200000", "3": "50", "1": "10"},
           {"2": "150000,50", "3": "50", "1": "11", "1.2": "7"}]


@pytest.fixture
def campaign(staff):
    campaign = CampaignFactory(year=YEAR)
    questionnaire = pes_questionnaire(campaign)
    Question.objects.filter(questionnaire=questionnaire, number="2").update(measure=Measure.PES_REVENUE)
    entities = [EntityFactory() for _ in ANSWERS]
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=entities, by=None)
    for respondent, answers in zip(campaign.respondents.order_by("pk"), ANSWERS, strict=True):
        result = services.response_save(respondent=respondent, raw_answers={**GOOD, **answers}, by=staff,
                                        submit=True, on_paper=True, confirmed={"1", "2"})
        assert result.outcome.ok, result.outcome.errors
    return services.campaign_close(campaign=campaign, by=staff)


@pytest.fixture
def data(campaign, staff):
    report = services.report_create(kind=Report.Kind.ANNUAL, programme=small_programme(), year=YEAR, by=staff)
    snapshot = report_snapshot(report)
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    return report_data(snapshot)


def _averages(data) -> dict:
    return {row.number: row.average for row in data.campaign_figures_by_type["pes"]}


@pytest.mark.parametrize(("number", "shown"), [("2", "150\xa0000,17"), ("3", "48,3"), ("1", "10,33")])
def test_the_report_rounds_each_average_half_up(data, number, shown):
    assert str(_averages(data)[number]) == shown


@pytest.mark.parametrize(("number", "cell"), [("2", 150000.17), ("3", 48.3), ("1", 10.33)])
def test_the_spreadsheet_holds_the_average_the_pdf_shows(data, number, cell):
    book = load_workbook(io.BytesIO(render_report_xlsx(data)))
    rows = {row[1]: row for row in book["Badanie"].iter_rows(values_only=True)}
    assert rows[number][5] == cell


def test_the_campaign_page_shows_the_rounded_average(client_for, staff, campaign):
    page = client_for(staff).get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    figures = page[page.index('id="figures-heading"'):]
    row = figures[figures.index("2. Przychody ogółem"):][:300]
    assert '<td class="text-end">150\xa0000,17</td>' in row


def test_the_drill_down_shows_the_rounded_average(client_for, staff, campaign):
    page = client_for(staff).get(reverse("monitoring:figure", args=["survey_pes_revenue", YEAR])).content.decode()
    assert '<th scope="row">średnia</th><td class="text-end">150\xa0000,17</td>' in page


def test_the_average_is_exact_until_it_is_shown(campaign):
    figure = campaign.figures.get(respondent_type="pes", question_number="2")
    assert figure.average == Decimal("450000.50") / 3   # not 150 000,17 stored, rounded again when shown


def test_completion_is_rounded_half_up(staff):
    """One of eight asked has answered: 12,5 % is shown as 13 %."""
    from monitoring.figures import campaign_completion

    campaign = CampaignFactory(year=YEAR)
    questionnaire = pes_questionnaire(campaign)
    services.respondents_add(campaign=campaign, questionnaire=questionnaire,
                             entities=[EntityFactory() for _ in range(8)], by=None)
    services.response_save(respondent=campaign.respondents.first(), raw_answers=GOOD, by=staff, submit=True,
                           on_paper=True)
    assert campaign_completion(campaign=campaign)["by_type"][0].percent == 13


def test_the_percentage_of_target_is_rounded_half_up(client_for, board, staff):
    """An indicator from 0 to 8 at 1: 12,5 % of the way is 13 %."""
    from programmes.models import Indicator, IndicatorValue

    programme = small_programme()
    indicator = Indicator.objects.create(programme=programme, name="Nowe partnerstwa", unit="szt.",
                                         baseline_value=0, baseline_year=2020, target_value=8, target_year=2028)
    IndicatorValue.objects.create(indicator=indicator, year=YEAR, value=1)
    CampaignFactory(year=YEAR)
    page = client_for(board).get(reverse("monitoring:dashboard"), {"year": YEAR}).content.decode()
    row = page[page.index("Nowe partnerstwa"):][:600]
    assert '<td class="text-end">13%</td>' in row
