"""Indicators fed by the monitoring campaign: each survey computation against hand-counted answers, "no value"
before the campaign closes, the question's measure rules, and the drill-down to the answers counted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from core.computations import NotAvailable, compute, compute_or_none, registered_computations
from entities.models import LegalForm
from entities.tests.factories import EntityFactory
from monitoring import services
from monitoring.drilldown import breakdown
from monitoring.models import Campaign, Measure, Question, Questionnaire, RespondentType, Response
from programmes.models import Indicator, IndicatorValue
from programmes.services import indicator_values_compute

from .factories import BYDGOSZCZ, CHELMZA, TORUN, YEAR, CampaignFactory

pytestmark = pytest.mark.django_db


def _questionnaire(campaign, kind, questions) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(campaign=campaign, respondent_type=kind, title=f"Ankieta {kind}")
    for order, (number, text, qtype, measure) in enumerate(questions):
        Question.objects.create(questionnaire=questionnaire, number=number, order=order, text=text, type=qtype,
                                measure=measure, required=False)
    return questionnaire


@pytest.fixture
def survey(staff):
    """The year's campaign, open, with OWES and JST questionnaires whose questions feed indicators.

    OWES: Toruń 5 jobs / 120 advice, Chełmża 7 jobs / 80 advice, Bydgoszcz a draft of 100 jobs (not counted),
    and one centre that never answered. JST: Toruń yes / 1 000,50 zł, Chełmża no / 2 000 zł, Bydgoszcz yes
    without an amount.
    """
    campaign = CampaignFactory(year=YEAR)
    owes = _questionnaire(campaign, RespondentType.OWES, [
        ("1", "Porady", "count", Measure.OWES_ADVICE), ("3", "Miejsca pracy z dotacji", "count",
                                                        Measure.OWES_JOBS_CREATED)])
    jst = _questionnaire(campaign, RespondentType.JST, [
        ("1", "Klauzule społeczne?", "yes_no", Measure.JST_SOCIAL_CLAUSES),
        ("2", "Wartość zleceń dla PES", "amount", Measure.JST_CONTRACTED), ("3", "Uwagi", "text", "")])
    centres = [EntityFactory(seat_id=code, legal_form=LegalForm.ASSOCIATION) for code in
               (TORUN, CHELMZA, BYDGOSZCZ, TORUN)]
    gminy = [EntityFactory(seat_id=code, legal_form=LegalForm.LOCAL_GOVERNMENT) for code in
             (TORUN, CHELMZA, BYDGOSZCZ)]
    services.respondents_add(campaign=campaign, questionnaire=owes, entities=centres, by=staff)
    services.respondents_add(campaign=campaign, questionnaire=jst, entities=gminy, by=staff)
    respondent = {r.entity_id: r for r in campaign.respondents.all()}

    def answer(entity, answers, submit=True):
        result = services.response_save(respondent=respondent[entity.pk], raw_answers=answers, by=staff,
                                        submit=submit, on_paper=True)
        assert result.outcome.ok

    answer(centres[0], {"1": "120", "3": "5"})
    answer(centres[1], {"1": "80", "3": "7"})
    answer(centres[2], {"1": "1000", "3": "100"}, submit=False)
    answer(gminy[0], {"1": "tak", "2": "1000,50", "3": "Współpraca z CIS"})
    answer(gminy[1], {"1": "nie", "2": "2000"})
    answer(gminy[2], {"1": "tak"})
    return campaign


def _close(campaign, staff) -> Campaign:
    return services.campaign_close(campaign=campaign, by=staff)


def test_every_measure_is_a_registered_computation():
    names = {c.name for c in registered_computations()}
    assert {f"survey_{m.value}" for m in Measure} <= names


def test_survey_computations_count_the_frozen_answers(survey, staff):
    _close(survey, staff)
    assert compute("survey_owes_jobs_created", year=YEAR) == 12           # 5 + 7; the draft's 100 is out
    assert compute("survey_owes_advice", year=YEAR) == 200
    assert compute("survey_jst_social_clauses", year=YEAR) == 2           # "yes" answers
    assert compute("survey_jst_contracted", year=YEAR) == Decimal("3000.50")


def test_there_is_no_value_before_the_campaign_closes_nor_for_an_unmarked_measure(survey, staff):
    with pytest.raises(NotAvailable, match="nie zostało jeszcze zamknięte"):
        compute("survey_owes_jobs_created", year=YEAR)
    assert compute_or_none("survey_owes_jobs_created", year=YEAR) is None
    assert compute_or_none("survey_owes_jobs_created", year=YEAR + 5) is None
    _close(survey, staff)
    with pytest.raises(NotAvailable, match="nie oznaczono"):
        compute("survey_pes_revenue", year=YEAR)


def test_the_figures_stay_what_they_were_when_the_campaign_closed(survey, staff):
    _close(survey, staff)
    survey.figures.filter(measure=Measure.OWES_JOBS_CREATED).get()  # frozen with the question's measure
    Question.objects.filter(questionnaire__campaign=survey, measure=Measure.OWES_JOBS_CREATED).update(measure="")
    assert compute("survey_owes_jobs_created", year=YEAR) == 12


def test_indicator_values_are_filled_only_once_the_campaign_is_closed(survey, staff):
    from .factories import small_programme

    programme = small_programme()
    jobs = Indicator.objects.create(programme=programme, name="Miejsca pracy z dotacji OWES", unit="miejsca pracy",
                                    computation="survey_owes_jobs_created", baseline_value=0, baseline_year=2020,
                                    target_value=100, target_year=2028, order=5)
    filled = indicator_values_compute(programme=programme, year=YEAR, by=staff)
    assert jobs.pk not in {v.indicator_id for v in filled}
    assert not IndicatorValue.objects.filter(indicator=jobs).exists()       # no false zero
    _close(survey, staff)
    indicator_values_compute(programme=programme, year=YEAR, by=staff)
    value = IndicatorValue.objects.get(indicator=jobs, year=YEAR)
    assert value.value == 12
    assert value.computed


def test_the_measure_is_copied_with_the_questionnaires_to_next_years_campaign(survey, staff):
    from datetime import date

    new = services.campaign_create(year=YEAR + 1, title="Następny", deadline=date(YEAR + 2, 3, 31), by=staff,
                                   copy_from=survey)
    assert set(Question.objects.filter(questionnaire__campaign=new).exclude(measure="").values_list(
        "measure", flat=True)) == {Measure.OWES_ADVICE, Measure.OWES_JOBS_CREATED, Measure.JST_SOCIAL_CLAUSES,
                                   Measure.JST_CONTRACTED}


# --- the rules of a question's measure --------------------------------------------------------------------

def test_a_measure_fits_only_its_respondents_and_question_type(staff):
    campaign = CampaignFactory(year=YEAR, status=Campaign.Status.DRAFT)
    pes = Questionnaire.objects.create(campaign=campaign, respondent_type=RespondentType.PES, title="PES")
    wrong_kind = Question(questionnaire=pes, number="1", text="Miejsca pracy", type="count",
                          measure=Measure.OWES_JOBS_CREATED)
    with pytest.raises(ValidationError) as exc:
        wrong_kind.full_clean()
    assert "Ten wskaźnik zasila ankieta dla" in str(exc.value.message_dict["measure"])
    wrong_type = Question(questionnaire=pes, number="2", text="Czy OWES?", type="count",
                          measure=Measure.PES_OWES_SUPPORT)
    with pytest.raises(ValidationError) as exc:
        wrong_type.full_clean()
    assert "tak / nie" in str(exc.value.message_dict["measure"])
    Question(questionnaire=pes, number="3", text="Czy OWES?", type="yes_no", measure=Measure.PES_OWES_SUPPORT
             ).full_clean()


def test_questions_of_an_open_campaign_no_longer_change(survey):
    question = Question.objects.filter(questionnaire__campaign=survey).first()
    question.text = "Zmienione"
    with pytest.raises(ValidationError, match="nie mogą się już zmieniać"):
        question.full_clean()


def test_one_question_per_measure_in_a_questionnaire(survey):
    questionnaire = survey.questionnaires.get(respondent_type=RespondentType.OWES)
    with pytest.raises(IntegrityError):
        Question.objects.create(questionnaire=questionnaire, number="9", text="Jeszcze raz", type="count",
                                measure=Measure.OWES_ADVICE)


def test_the_administrator_edits_questions_only_while_the_campaign_is_prepared(client_for, rops_admin, survey):
    client = client_for(rops_admin)
    owes = survey.questionnaires.get(respondent_type=RespondentType.OWES)
    url = reverse("admin:monitoring_questionnaire_change", args=[owes.pk])
    assert client.post(url, {"title": "Zmieniona"}).status_code == 403
    survey.status = Campaign.Status.DRAFT
    survey.save()
    page = client.get(url)
    assert page.status_code == 200
    assert "Zasila wskaźnik" in page.content.decode()


# --- drill-down ----------------------------------------------------------------------------------------

def test_a_survey_figure_drills_down_to_the_answers_it_counts(client_for, staff, survey):
    client = client_for(staff)
    url = reverse("monitoring:figure", args=["survey_owes_jobs_created", YEAR])
    page = client.get(url).content.decode()
    assert "nie zostało jeszcze zamknięte" in page
    _close(survey, staff)
    details = breakdown("survey_owes_jobs_created", year=YEAR)
    assert details.total == 12
    assert details.records_count == 2
    by_powiat = dict((line.label, line.value) for line in details.groups[0][1])
    assert by_powiat == {"Toruń": Decimal(5), "toruński": Decimal(7)}
    assert sum(by_powiat.values()) == details.total
    page = client.get(url).content.decode()
    respondent = next(r.respondent for r in Response.objects.filter(respondent__campaign=survey).select_related(
        "respondent__entity") if r.answers.get("3") == "7")
    assert respondent.entity.name in page
    assert reverse("monitoring:answer", args=[respondent.pk]) in page
    clauses = breakdown("survey_jst_social_clauses", year=YEAR)
    assert [(line.label, line.value) for line in clauses.groups[0][1]] == [("tak", 2), ("nie", 1),
                                                                          ("odpowiedzi", 3)]
    assert sorted(line.value for line in clauses.records) == ["nie", "tak", "tak"]


def test_the_dashboard_shows_no_value_rather_than_zero_for_an_open_campaign(client_for, staff, survey):
    client = client_for(staff)
    page = client.get(reverse("monitoring:dashboard"), {"year": YEAR}).content.decode()
    card = page[page.index("Miejsca pracy utworzone z dotacji OWES"):][:300]
    assert '<p class="h4 mb-1">—</p>' in card
    _close(survey, staff)
    page = client.get(reverse("monitoring:dashboard"), {"year": YEAR}).content.decode()
    survey_group = page[page.index("Badanie monitoringowe roku (dane zamrożone)"):]
    card = survey_group[survey_group.index("Miejsca pracy utworzone z dotacji OWES"):][:300]
    assert "12 <span" in card
    amount = survey_group[survey_group.index("Wartość zadań publicznych zleconych PES przez JST"):][:300]
    assert "3\xa0000,50 <span" in amount   # grouped, with the grosze


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (Decimal("83.3"), "%", "83,3"), (Decimal("1038000.00"), "zł", "1\xa0038\xa0000"), (Decimal(12), "PES", "12"),
    (Decimal("3000.5"), "zł", "3\xa0000,50"), (Decimal("450000.50") / 3, "zł", "150\xa0000,17"),
    (Decimal("0.125"), "zł", "0,13"), (Decimal("12.25"), "%", "12,3"), (Decimal("2.999"), "zł", "3"),
    (None, "osoby", "brak danych")])
def test_key_figures_show_their_own_decimals_rounded_half_up(value, unit, shown):
    from monitoring.selectors import KeyFigure

    assert KeyFigure("x", value, unit, "").text == shown
