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
