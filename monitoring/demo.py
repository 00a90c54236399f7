"""Two closed monitoring campaigns with answers and frozen figures, and one open campaign in progress."""

import random
from datetime import timedelta

from django.utils import timezone

from .models import Campaign, Question, Questionnaire, RespondentType
from .services import campaign_close, respondents_add, response_save

QUESTIONS = {
    RespondentType.PES: ("Ankieta podmiotu ekonomii społecznej", [
        ("1", "Liczba osób zatrudnionych ogółem (stan na 31 grudnia)", "count", ["1.1", "1.2"], True),
        ("1.1", "w tym osoby zagrożone wykluczeniem społecznym", "count", [], True),
        ("1.2", "w tym pozostałe osoby", "count", [], False),
        ("2", "Przychody ogółem w roku (zł)", "amount", [], True),
        ("3", "Udział przychodów z działalności rynkowej (%)", "percent", [], False),
        ("4", "Czy podmiot korzystał ze wsparcia OWES?", "yes_no", [], False),
        ("5", "Uwagi i potrzeby", "text", [], False),
    ]),
    RespondentType.OWES: ("Ankieta ośrodka wsparcia ekonomii społecznej", [
        ("1", "Liczba udzielonych porad i usług doradczych", "count", [], True),
        ("2", "Liczba utworzonych przedsiębiorstw społecznych", "count", [], True),
        ("3", "Liczba miejsc pracy utworzonych z dotacji", "count", [], True),
        ("4", "Kwota przyznanych dotacji (zł)", "amount", [], False),
    ]),
    RespondentType.JST: ("Ankieta jednostki samorządu terytorialnego", [
        ("1", "Czy gmina/powiat stosuje klauzule społeczne w zamówieniach?", "yes_no", [], False),
        ("2", "Wartość zadań publicznych zleconych PES (zł)", "amount", [], True),
        ("3", "Czy ES jest ujęta w strategii rozwoju lub programie?", "yes_no", [], False),
    ]),
}


def _questionnaires(campaign: Campaign) -> dict[str, Questionnaire]:
    result = {}
    for kind, (title, questions) in QUESTIONS.items():
        questionnaire = Questionnaire.objects.create(campaign=campaign, respondent_type=kind, title=title)
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, number=number, order=i, text=text, type=qtype, sum_of=sum_of,
                     compare_previous=compare, required=qtype != "text")
            for i, (number, text, qtype, sum_of, compare) in enumerate(questions))
        result[kind] = questionnaire
    return result


def _answers(kind: str, rng: random.Random, growth: float) -> dict:
    if kind == RespondentType.PES:
        at_risk, others = int(rng.randint(2, 12) * growth), int(rng.randint(1, 10) * growth)
        return {"1": str(at_risk + others), "1.1": str(at_risk), "1.2": str(others),
                "2": str(int(rng.randint(80, 900) * 1000 * growth)), "3": str(rng.randint(20, 85)),
                "4": rng.choice(["tak", "nie"]), "5": ""}
    if kind == RespondentType.OWES:
        return {"1": str(int(rng.randint(150, 400) * growth)), "2": str(rng.randint(3, 15)),
                "3": str(rng.randint(10, 60)), "4": str(rng.randint(500, 2500) * 1000)}
    return {"1": rng.choice(["tak", "nie"]), "2": str(rng.randint(0, 800) * 1000), "3": rng.choice(["tak", "nie"])}


def _respondents(campaign, questionnaires, groups) -> None:
    for kind, entities in groups.items():
        if entities:
            respondents_add(campaign=campaign, questionnaire=questionnaires[kind], entities=entities, by=None)


def seed(*, cast, stdout) -> None:
    from entities.models import Entity

    rng = random.Random(8)  # noqa: S311 - reproducible demo
    staff, pes = cast["staff"], cast["pes"]
    pes_entity = pes.representations.first().entity
    pes_group = list(Entity.objects.pes().filter(is_active=True).exclude(pk=pes_entity.pk).order_by("pk")[:40])
    owes_operators = list(Entity.objects.filter(owes_centres__isnull=False).distinct())
    groups = {RespondentType.PES: [pes_entity, *pes_group], RespondentType.OWES: owes_operators,
              RespondentType.JST: list(Entity.objects.jst())}
    today = timezone.localdate()
    for offset, growth in [(3, 1.0), (2, 1.1)]:
        year = today.year - offset
        campaign = Campaign.objects.create(year=year, title=f"Monitoring ekonomii społecznej za {year} r.",
                                           deadline=today.replace(year=year + 1, month=3, day=31),
                                           status=Campaign.Status.OPEN, reminder_days=[14, 3])
        questionnaires = _questionnaires(campaign)
        _respondents(campaign, questionnaires, groups)
        for respondent in campaign.respondents.select_related("questionnaire"):
            if rng.random() < 0.85:
                kind = respondent.questionnaire.respondent_type
                response_save(respondent=respondent, raw_answers=_answers(kind, rng, growth), by=staff,
                              submit=True, confirmed={"1", "1.1", "2"}, on_paper=True)
        campaign_close(campaign=campaign, by=staff)
    year = today.year - 1
    current = Campaign.objects.create(year=year, title=f"Monitoring ekonomii społecznej za {year} r.",
                                      deadline=today + timedelta(days=20), status=Campaign.Status.OPEN,
                                      reminder_days=[14, 3], opened_at=timezone.now())
    questionnaires = _questionnaires(current)
    _respondents(current, questionnaires, groups)
    for respondent in current.respondents.exclude(entity=pes_entity).select_related("questionnaire"):
        chance = rng.random()
        kind = respondent.questionnaire.respondent_type
        if chance < 0.45:
            response_save(respondent=respondent, raw_answers=_answers(kind, rng, 1.2), by=staff, submit=True,
                          confirmed={"1", "1.1", "2"}, on_paper=True)
        elif chance < 0.6:
            response_save(respondent=respondent, raw_answers={"1": "7"}, by=staff, submit=False)
    stdout.write(f"  monitoring: {Campaign.objects.count()} campaigns")
