from datetime import timedelta

import factory
from django.utils import timezone

from monitoring.models import Campaign, Question, Questionnaire, RespondentType


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    year = factory.Sequence(lambda n: 2020 + n)
    title = factory.LazyAttribute(lambda o: f"Monitoring ekonomii społecznej {o.year}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = Campaign.Status.OPEN
    reminder_days = [14, 3]


def pes_questionnaire(campaign) -> Questionnaire:
    """A small PES questionnaire with every kind of rule."""
    q = Questionnaire.objects.create(campaign=campaign, respondent_type=RespondentType.PES,
                                     title="Ankieta PES")
    Question.objects.bulk_create([
        Question(questionnaire=q, number="1", order=1, text="Liczba zatrudnionych ogółem", type="count",
                 sum_of=["1.1", "1.2"], compare_previous=True),
        Question(questionnaire=q, number="1.1", order=2, text="w tym osoby zagrożone wykluczeniem", type="count"),
        Question(questionnaire=q, number="1.2", order=3, text="pozostali", type="count"),
        Question(questionnaire=q, number="2", order=4, text="Przychody ogółem", type="amount", compare_previous=True),
        Question(questionnaire=q, number="3", order=5, text="Udział przychodów rynkowych", type="percent"),
        Question(questionnaire=q, number="4", order=6, text="Czy korzystano ze wsparcia OWES?", type="yes_no"),
        Question(questionnaire=q, number="5", order=7, text="Branża", type="choice",
                 choices=["usługi", "produkcja", "handel"]),
        Question(questionnaire=q, number="6", order=8, text="Uwagi", type="text", required=False),
    ])
    return q


GOOD = {"1": "10", "1.1": "4", "1.2": "6", "2": "250000,50", "3": "45", "4": "tak", "5": "usługi", "6": ""}


YEAR = 2024
TORUN, CHELMZA, BYDGOSZCZ = "0463011", "0415011", "0461011"   # gminy of powiaty 0463, 0415 and 0461


def small_programme():
    """A programme in force with one priority, goal and direction, a manual and a computed indicator, and
    the manual indicator's values for 2023 and 2024."""
    from programmes.models import Direction, Indicator, IndicatorValue, Priority, Programme, SpecificGoal, Status

    programme = Programme.objects.create(
        name="Program rozwoju ekonomii społecznej", region_code="04", region_name="kujawsko-pomorskie",
        start_year=2020, end_year=2027, period_label="2020-2027", responsible_body="Samorząd Województwa",
        main_goal="Rozwój ekonomii społecznej w regionie.", status=Status.IN_FORCE)
    priority = Priority.objects.create(programme=programme, number="1", name="Silne podmioty ekonomii społecznej")
    goal = SpecificGoal.objects.create(priority=priority, number="1.1", name="Kompetentne kadry PES")
    Direction.objects.create(goal=goal, number="1.1.1", text="Szkolenia i doradztwo dla kadr PES")
    trained = Indicator.objects.create(
        programme=programme, goal=goal, name="Liczba przeszkolonych przedstawicieli kadr PES", unit="osoby",
        baseline_value=10, baseline_year=2020, target_value=110, target_year=2028, data_source="sprawozdania OWES")
    Indicator.objects.create(programme=programme, name="Liczba PES w rejestrze", unit="PES", computation="pes_count",
                             baseline_value=0, baseline_year=2020, target_value=40, target_year=2028, order=1)
    IndicatorValue.objects.create(indicator=trained, year=YEAR - 1, value=40, source_note="sprawozdania OWES")
    IndicatorValue.objects.create(indicator=trained, year=YEAR, value=60, source_note="sprawozdania OWES")
    return programme


def closed_campaign(*, year: int, entities, by):
    """A campaign of ``year`` whose PES questionnaire every one of ``entities`` answered, then closed."""
    from monitoring import services

    campaign = CampaignFactory(year=year)
    questionnaire = pes_questionnaire(campaign)
    services.respondents_add(campaign=campaign, questionnaire=questionnaire, entities=entities, by=None)
    for respondent in campaign.respondents.all():
        services.response_save(respondent=respondent, raw_answers=GOOD, by=by, submit=True, on_paper=True)
    return services.campaign_close(campaign=campaign, by=by)
