"""Every registered computation carries its breakdown, and the records it lists make up its total: on a year with
data from every source (registry, yearly figures, OWES, events, certification, the Committee, a closed campaign
with measured questions), walked through the registry itself, so a new computation is checked without being
named here."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import services as certification
from certification.models import ApplicationItem, Status
from certification.tests.factories import ApplicationFactory
from core.computations import computation, registered_computations
from entities.models import LegalForm, Owes, PsStatus, YearlyFigures
from entities.tests.factories import EntityFactory
from events.tests.factories import EventFactory, RegistrationFactory
from monitoring import services
from monitoring.drilldown import breakdown
from monitoring.models import Measure, Question

from .factories import GOOD, YEAR, CampaignFactory, pes_questionnaire

pytestmark = pytest.mark.django_db

# Figures that count their records one by one: the number of records listed is the total.
COUNTS_RECORDS = {"pes_count", "ps_count", "reintegration_units", "owes_accredited", "events_held", "certified_pes",
                  "committee_meetings", "committee_resolutions"}


@pytest.fixture
def year_of_data(registry, staff, committee_year):
    """Two PS, yearly figures of two PES and a JST, an OWES, an event with 3 participants, an entity holding two
    certificates and another one, the Committee's year, and a closed campaign whose revenue and OWES-support
    questions feed indicators."""
    for entity in registry[:2]:
        PsStatus.objects.create(entity=entity, kind=PsStatus.Kind.STATUTORY, granted_on=date(YEAR - 1, 1, 1))
    YearlyFigures.objects.create(entity=registry[0], year=YEAR, employees_total=12, at_risk={"disabled": 4})
    YearlyFigures.objects.create(entity=registry[6], year=YEAR, employees_total=3, at_risk={"homeless": 1})
    YearlyFigures.objects.create(entity=EntityFactory(legal_form=LegalForm.LOCAL_GOVERNMENT), year=YEAR,
                                 employees_total=40, at_risk={"disabled": 9})
    Owes.objects.create(operator=registry[6], name="OWES Bydgoszcz", accredited_on=date(YEAR - 1, 1, 1))
    start = datetime(YEAR, 6, 1, 10, tzinfo=timezone.get_current_timezone())
    event = EventFactory(held=True, starts_at=start, ends_at=start)
    RegistrationFactory.create_batch(3, event=event, attended=True)
    RegistrationFactory(event=event, attended=False)
    for entity, items in ((registry[0], 2), (registry[0], 1), (registry[1], 3)):
        application = ApplicationFactory(entity=entity, created_by=staff, status=Status.GRANTED)
        for n in range(items):
            ApplicationItem.objects.create(application=application, name=f"Produkt {n}")
        certification.certificate_issue(application=application, by=staff, valid_from=date(YEAR, 3, 1))
    campaign = CampaignFactory(year=YEAR)
    questionnaire = pes_questionnaire(campaign)
    Question.objects.filter(questionnaire=questionnaire, number="2").update(measure=Measure.PES_REVENUE)
    Question.objects.filter(questionnaire=questionnaire, number="4").update(measure=Measure.PES_OWES_SUPPORT)
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=registry[:3], by=None)
    for respondent, revenue, support in zip(campaign.respondents.all(), ["100000", "200000", "150000,50"],
                                            ["tak", "nie", "tak"], strict=True):
        services.response_save(respondent=respondent, raw_answers={**GOOD, "2": revenue, "4": support}, by=staff,
                               submit=True, on_paper=True)
    return services.campaign_close(campaign=campaign, by=staff)


def _available(year_of_data) -> dict:
    figures = {entry.name: breakdown(entry.name, year=YEAR) for entry in registered_computations()}
    return {name: figure for name, figure in figures.items() if figure.total is not None}


def test_the_year_has_data_for_every_computation_but_the_unmarked_survey_measures(year_of_data):
    available = _available(year_of_data)
    survey = {name for name in available if name.startswith("survey_")}
    assert survey == {"survey_pes_revenue", "survey_pes_owes_support"}
    assert {e.name for e in registered_computations() if not e.name.startswith("survey_")} <= set(available)


def test_every_computation_has_a_breakdown_whose_records_make_up_its_total(year_of_data):
    for name, figure in _available(year_of_data).items():
        assert figure.details is not None, name
        assert figure.details.records_total == figure.total, name


def test_figures_counting_records_list_as_many_records_as_their_total(year_of_data):
    available = _available(year_of_data)
    for name in COUNTS_RECORDS:
        assert available[name].records_count == available[name].total, name


def test_an_entity_holding_two_certificates_is_one_holder_in_the_drill_down(year_of_data):
    holders = breakdown("certified_pes", year=YEAR)
    assert holders.total == 2
    assert holders.records_count == 2
    assert breakdown("certified_products", year=YEAR).details.records_total == 6


def test_every_breakdown_page_opens(client_for, staff, year_of_data):
    client = client_for(staff)
    for entry in registered_computations():
        response = client.get(reverse("monitoring:figure", args=[entry.name, YEAR]))
        assert response.status_code == 200, entry.name


def test_a_computation_cannot_be_registered_without_its_breakdown():
    with pytest.raises(TypeError):
        computation("pes_without_drill_down", label="x", unit="PES")
    with pytest.raises(TypeError):
        computation("pes_without_drill_down", label="x", unit="PES", breakdown=None)
    assert "pes_without_drill_down" not in {e.name for e in registered_computations()}
