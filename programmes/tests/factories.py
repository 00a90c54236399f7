from decimal import Decimal

import factory

from programmes.models import (
    ActionPlan,
    ActionTask,
    BudgetLine,
    Direction,
    Indicator,
    IndicatorValue,
    Priority,
    Programme,
    SpecificGoal,
    Status,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Program rozwoju ekonomii społecznej {n}")
    region_code = "04"
    region_name = "kujawsko-pomorskie"
    start_year = 2021
    end_year = 2027
    period_label = "2021-2027"
    responsible_body = "Samorząd Województwa Kujawsko-Pomorskiego"
    main_goal = "Rozwój ekonomii społecznej w regionie."

    class Params:
        in_force = factory.Trait(status=Status.IN_FORCE, resolution_number="1/2/21")
        closed = factory.Trait(status=Status.CLOSED, resolution_number="1/2/21")


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Priorytet {n + 1}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificGoal

    priority = factory.SubFactory(PriorityFactory)
    number = factory.LazyAttribute(lambda o: f"{o.priority.number}.1")
    name = "Kompetentne kadry PES"


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction

    goal = factory.SubFactory(GoalFactory)
    number = factory.LazyAttribute(lambda o: f"{o.goal.number}.{o.goal.directions.count() + 1}")
    text = factory.Sequence(lambda n: f"Szkolenia i doradztwo dla kadr PES ({n})")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Liczba przeszkolonych osób {n}")
    unit = "osoby"
    baseline_value = Decimal(10)
    baseline_year = 2020
    target_value = Decimal(110)
    target_year = 2027
    data_source = "sprawozdania OWES"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2023
    value = Decimal(40)
    source_note = "sprawozdania OWES"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2025


class ActionTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionTask
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Zadanie {n}")
    responsible_unit = "Dział Ekonomii Społecznej"

    @factory.post_generation
    def directions(self, create, extracted, **kwargs):
        if create and extracted:
            self.directions.set(extracted)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    task = factory.SubFactory(ActionTaskFactory)
    source = BudgetLine.Source.EU
    planned = Decimal(1000)
    spent = Decimal(0)


def consulted(programme, *, published: bool = True):
    """A past consultation of ``programme`` (40 days, closed), its report published unless told otherwise: what
    a programme needs before it goes to the Board."""
    from datetime import timedelta

    from django.utils import timezone

    from programmes.models import Consultation

    today = timezone.localdate()
    return Consultation.objects.create(
        programme=programme, opened_on=today - timedelta(days=80), until=today - timedelta(days=41),
        closed_on=today - timedelta(days=40), approved_at=timezone.now() if published else None,
        published_at=timezone.now() if published else None)
