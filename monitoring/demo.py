"""Two closed monitoring campaigns with answers and frozen figures, one open campaign in progress, the report for
the last closed year accepted by the Board (with a generated version), the periodic report for the Sejmik on the
two closed years (generated, a draft: its first year has no yearly employment figures, so that indicator shows
"no data") and a draft report for the open year."""

import random
from datetime import timedelta

from django.utils import timezone

from committee import services as committee
from committee.models import Category, Committee, Resolution, Vote
from core.services import job_run
from entities.models import Entity
from programmes.models import Programme
from programmes.models import Status as ProgrammeStatus
from programmes.services import indicator_values_compute

from .models import Campaign, Measure, Question, Questionnaire, Report, ReportStatus, RespondentType
from .services import (
    campaign_close,
    report_create,
    report_generate,
    report_transition,
    report_update,
    respondents_add,
    response_save,
)

QUESTIONS = {
    RespondentType.PES: ("Ankieta podmiotu ekonomii społecznej", [
        ("1", "Liczba osób zatrudnionych ogółem (stan na 31 grudnia)", "count", ["1.1", "1.2"], True, ""),
        ("1.1", "w tym osoby zagrożone wykluczeniem społecznym", "count", [], True, ""),
        ("1.2", "w tym pozostałe osoby", "count", [], False, ""),
        ("2", "Przychody ogółem w roku (zł)", "amount", [], True, Measure.PES_REVENUE),
        ("3", "Udział przychodów z działalności rynkowej (%)", "percent", [], False, ""),
        ("4", "Czy podmiot korzystał ze wsparcia OWES?", "yes_no", [], False, Measure.PES_OWES_SUPPORT),
        ("5", "Uwagi i potrzeby", "text", [], False, ""),
    ]),
    RespondentType.OWES: ("Ankieta ośrodka wsparcia ekonomii społecznej", [
        ("1", "Liczba udzielonych porad i usług doradczych", "count", [], True, Measure.OWES_ADVICE),
        ("2", "Liczba utworzonych przedsiębiorstw społecznych", "count", [], True, Measure.OWES_PS_CREATED),
        ("3", "Liczba miejsc pracy utworzonych z dotacji", "count", [], True, Measure.OWES_JOBS_CREATED),
        ("4", "Kwota przyznanych dotacji (zł)", "amount", [], False, Measure.OWES_GRANTS),
    ]),
    RespondentType.JST: ("Ankieta jednostki samorządu terytorialnego", [
        ("1", "Czy gmina/powiat stosuje klauzule społeczne w zamówieniach?", "yes_no", [], False,
         Measure.JST_SOCIAL_CLAUSES),
        ("2", "Wartość zadań publicznych zleconych PES (zł)", "amount", [], True, Measure.JST_CONTRACTED),
        ("3", "Czy ES jest ujęta w strategii rozwoju lub programie?", "yes_no", [], False, Measure.JST_STRATEGY),
    ]),
}


def _questionnaires(campaign: Campaign) -> dict[str, Questionnaire]:
    result = {}
    for kind, (title, questions) in QUESTIONS.items():
        questionnaire = Questionnaire.objects.create(campaign=campaign, respondent_type=kind, title=title)
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, number=number, order=i, text=text, type=qtype, sum_of=sum_of,
                     compare_previous=compare, required=qtype != "text", measure=measure)
            for i, (number, text, qtype, sum_of, compare, measure) in enumerate(questions))
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
    # Invited when the campaign opened (the demo does not send those e-mails again).
    campaign.respondents.update(invited_at=campaign.opened_at or timezone.now())


def seed(*, cast, stdout) -> None:
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
    _computed_values(staff=staff, years=range(today.year - 3, today.year))
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
    accepted, sejmik, draft = _reports(cast=cast)
    reports = (f"; reports: {accepted.year} accepted, {sejmik.year_from}–{sejmik.year} for the Sejmik, "
               f"{draft.year} draft") if accepted else ""
    stdout.write(f"  monitoring: {Campaign.objects.count()} campaigns{reports}")


CONCLUSIONS = (
    "Liczba podmiotów ekonomii społecznej w rejestrze rośnie, a przedsiębiorstwa społeczne koncentrują się w "
    "powiatach miejskich (Bydgoszcz, Toruń, Włocławek). Zatrudnienie osób zagrożonych wykluczeniem społecznym "
    "utrzymuje się na poziomie zbliżonym do roku poprzedniego.\n\n"
    "Wskaźniki dotyczące szkoleń kadr i klauzul społecznych realizowane są zgodnie z harmonogramem; wskaźnik "
    "miejsc pracy w przedsiębiorstwach społecznych wymaga wzmocnienia działań."
)
RECOMMENDATIONS = (
    "1. Zwiększyć wsparcie OWES w powiatach ziemskich o najmniejszej liczbie PES.\n"
    "2. Upowszechniać klauzule społeczne w zamówieniach gmin wiejskich (szkolenia dla JST).\n"
    "3. Kontynuować certyfikację „Zakup Prospołeczny” i promocję oferty PES."
)


def _computed_values(*, staff, years) -> None:
    """The programme's computed indicators for the monitored years, now that the campaigns, the committee, events
    and certification are in (the programmes demo ran before them)."""
    for programme in Programme.objects.filter(status=ProgrammeStatus.IN_FORCE):
        for year in years:
            indicator_values_compute(programme=programme, year=year, by=staff)


def _committee_opinion(*, staff, member, year: int):
    """The Committee's adopted opinion on the report: the one the committee demo decided, if there is one."""
    existing = Resolution.objects.filter(committee__kind=Committee.Kind.RKRES, subject=Resolution.Subject.REPORT,
                                         status=Resolution.Status.CLOSED, adopted=True).order_by("-pk").first()
    if existing is not None:
        return existing
    rkres = Committee.objects.filter(kind=Committee.Kind.RKRES).first() or Committee.objects.create(
        kind=Committee.Kind.RKRES, name="Regionalny Komitet Rozwoju Ekonomii Społecznej",
        term_start=timezone.localdate().replace(month=1, day=1))
    if not committee.current_members(rkres).exists():
        committee.member_appoint(committee=rkres, user=member, category=Category.PES, role="chair", by=staff,
                                 appointed_on=rkres.term_start)
    resolution = committee.resolution_create(
        committee=rkres, subject=Resolution.Subject.REPORT, by=staff,
        title=f"Opinia w sprawie sprawozdania z realizacji programu rozwoju ekonomii społecznej za {year} r.")
    committee.resolution_open_vote(resolution=resolution, by=staff)
    for person in committee.current_members(rkres):
        committee.conflict_declare(resolution=resolution, user=person.user, has_conflict=False)
        committee.vote_cast(resolution=resolution, user=person.user, choice=Vote.Choice.FOR)
    return committee.resolution_close(resolution=resolution, by=staff)


def _reports(*, cast) -> tuple[Report | None, Report | None, Report | None]:
    """The last closed year's report goes through generation, the Committee's opinion and the Board's acceptance
    (which locks the programme's values of that year); the periodic report on the closed years is generated and
    stays a draft; the open year's report is a draft."""
    staff = cast["staff"]
    programme = Programme.objects.filter(status=ProgrammeStatus.IN_FORCE).first()
    last_closed = Campaign.objects.filter(status=Campaign.Status.CLOSED).order_by("-year").first()
    if programme is None or last_closed is None:
        return None, None, None
    today = timezone.localdate()
    accepted = report_create(kind=Report.Kind.ANNUAL, programme=programme, year=last_closed.year, by=staff)
    report_update(report=accepted, by=staff, title=accepted.title, introduction="", conclusions=CONCLUSIONS,
                  recommendations=RECOMMENDATIONS)
    job = report_generate(report=accepted, by=staff)
    job_run(job_id=job.pk)  # rendered now; the delivery queued for the commit then finds the job done
    opinion = _committee_opinion(staff=staff, member=cast["member"], year=last_closed.year)
    report_transition(report=accepted, to=ReportStatus.COMMITTEE_OPINION, by=staff, committee_resolution=opinion)
    accepted = report_transition(report=accepted, to=ReportStatus.ACCEPTED, by=staff,
                                 board_resolution_number=f"{today.month + 20}/{today.month * 37}/{today:%y}",
                                 board_resolution_date=today - timedelta(days=7))
    sejmik = report_create(kind=Report.Kind.PERIODIC, programme=programme, year_from=last_closed.year - 1,
                           year=last_closed.year, by=staff)
    job_run(job_id=report_generate(report=sejmik, by=staff).pk)
    draft = report_create(kind=Report.Kind.ANNUAL, programme=programme, year=today.year - 1, by=staff)
    report_update(report=draft, by=staff, title=draft.title, introduction="",
                  conclusions="(Wnioski zostaną uzupełnione po zamknięciu badania monitoringowego.)",
                  recommendations="")
    return accepted, sejmik, draft
