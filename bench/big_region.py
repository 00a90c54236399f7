"""The data of a big region for the monitoring-report benchmark (``bench/monitoring_report.py --region big``).

On top of the registry benchmark's 100 000 fictional entities (``bench/run.py``: ``seed``), seeded once in the same
database and reused when present:

- the real Kujawsko-Pomorskie programme, imported and moved to "in force" by the programmes demo itself
  (``programmes.demo.seed``: the import, manual indicators with yearly values, computed ones, an amendment), plus
  an action plan for the report year;
- OWES, cooperation records of local governments, yearly figures (employment, persons at risk by category) of
  ``FIGURES`` PES for the report year and the year before;
- events of the report year (the events demo's programme, repeated) with about 20 000 registrations, and
  certificates of the "Zakup Prospołeczny" mark;
- the monitoring campaign of the report year, with the demo's questionnaires (``monitoring.demo.QUESTIONS``),
  ``PES_RESPONDENTS`` PES, the OWES and ``JST_RESPONDENTS`` local governments asked, most of them with submitted
  answers, then closed through ``monitoring.services.campaign_close`` (the real code freezes the figures).

Volumes are written with ``bulk_create`` in batches (the services would take hours for this volume: they validate
and record history row by row); answers still go through the questionnaire's own validation
(``monitoring.validation.check``), so they are stored as the application stores them. Fictional data, from a
fixed ``random.Random`` seed. Everything after the entities is one transaction: an interrupted seed leaves nothing.
"""

import os
import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

BATCH = 5000
FIGURES = 30_000          # PES with yearly figures, in the report year and the year before
PES_RESPONDENTS = 20_000  # PES asked in the campaign
JST_RESPONDENTS = 160     # local governments asked (the voivodeship has 144 gminy and 23 powiaty)
EVENT_ROUNDS = 12         # the events demo's year of events, this many times over
CERTIFICATES = 400
SUBMITTED_SHARE = 0.85


def report_year() -> int:
    """The year the region's campaign and annual report cover (fixed, so that runs compare across dates)."""
    return int(os.environ.get("BENCH_REPORT_YEAR", "2025"))


def is_seeded(year: int) -> bool:
    from monitoring.models import Campaign

    return Campaign.objects.filter(year=year, status=Campaign.Status.CLOSED, figures__isnull=False).exists()


class _Out:
    def write(self, text: str) -> None:
        print(text)


def _step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - started:.1f} s")
    return now


def seed_region(*, staff, year: int) -> dict:
    """Seed everything but the entities (see the module's docstring); returns what it made and how long it took."""
    from django.db import transaction

    from programmes.models import Programme, Status

    if Programme.objects.filter(status=Status.IN_FORCE).exists():
        raise SystemExit(f"The database holds a region seeded for another year than {year}: drop it (or use the "
                         "year it was seeded for, BENCH_REPORT_YEAR) and run again.")
    started = time.perf_counter()
    with transaction.atomic():
        rng = random.Random(2027)
        programme = _programme(staff=staff, year=year)
        t = _step("programme (programmes.demo.seed, action plan)", started)
        pes = _pes(year)
        _owes_and_jst(rng, year=year)
        figures = _yearly_figures(rng, pes=pes, year=year)
        t = _step(f"OWES, JST cooperation, {figures} yearly figures", t)
        events, registrations = _events(rng, staff=staff, pes=pes, year=year)
        certificates = _certificates(rng, staff=staff, pes=pes, year=year)
        t = _step(f"{events} events, {registrations} registrations, {certificates} certificates", t)
        campaign, respondents, submitted = _campaign(rng, pes=pes, year=year)
        t = _step(f"campaign: {respondents} respondents, {submitted} submitted answers", t)
        from monitoring.services import campaign_close

        campaign_close(campaign=campaign, by=staff)
        close_seconds = time.perf_counter() - t
        t = _step(f"campaign_close ({campaign.figures.count()} frozen figures)", t)
        from programmes.services import indicator_values_compute

        for y in (year - 1, year):  # now that the data they count from is in (as monitoring/demo.py does)
            indicator_values_compute(programme=programme, year=y, by=staff)
        _step("computed indicator values", t)
    _vacuum()
    return {"seconds": time.perf_counter() - started, "close_seconds": close_seconds, "yearly_figures": figures,
            "events": events, "registrations": registrations, "certificates": certificates,
            "respondents": respondents, "submitted": submitted}


def _programme(*, staff, year: int):
    """The demo's programme in force (the real KP programme through the import) and an action plan for ``year``."""
    from programmes import demo
    from programmes.models import Programme, Status
    from programmes.services import action_plan_create, action_task_save

    demo.seed(cast={"staff": staff}, stdout=_Out())
    programme = Programme.objects.get(status=Status.IN_FORCE)
    directions = {d.number: d for p in programme.priorities.all() for g in p.goals.all() for d in g.directions.all()}
    if not programme.action_plans.filter(year=year).exists():
        plan = action_plan_create(programme=programme, year=year, by=staff)
        for title, numbers, unit, partners, status, outputs, budget in demo.TASKS:
            action_task_save(plan=plan, by=staff, title=title, responsible_unit=unit, partners=partners,
                             status=status, outputs=outputs, directions=[directions[n] for n in numbers],
                             budget={s: (Decimal(p), Decimal(sp)) for s, (p, sp) in budget.items()})
    return programme


def _pes(year: int) -> list[tuple[int, str]]:
    """(pk, seat) of the PES active on 31 December of ``year``, in a fixed order."""
    from entities.models import Entity

    return list(Entity.objects.pes_on(date(year, 12, 31)).filter(is_active=True).order_by("pk").values_list(
        "pk", "seat_id"))


def _owes_and_jst(rng: random.Random, *, year: int) -> None:
    from entities.demo import SUBREGIONS
    from entities.models import Entity, JstCooperation, LegalForm, Owes

    operators = list(Entity.objects.filter(legal_form=LegalForm.ASSOCIATION, is_active=True).order_by("pk")[:4])
    for operator, (name, powiaty) in zip(operators, SUBREGIONS.items(), strict=True):
        owes = Owes.objects.create(operator=operator, name=name, accredited_on=date(year - 2, 8, 1),
                                   accreditation_number=f"OWES/{rng.randint(10, 99)}/{year - 2}",
                                   accredited_until=date(year + 1, 12, 31))
        owes.subregion.set(powiaty)
    jst = list(Entity.objects.jst().order_by("pk").values_list("pk", flat=True)[:JST_RESPONDENTS])
    JstCooperation.objects.bulk_create(
        [JstCooperation(jst_id=pk, year=y, kind=rng.choice(JstCooperation.Kind.values),
                        value=rng.randint(5, 400) * 1000, description="Współpraca z lokalnymi PES.")
         for pk in jst for y in (year - 1, year)], batch_size=BATCH)


def _yearly_figures(rng: random.Random, *, pes: list[tuple[int, str]], year: int) -> int:
    """Employment of ``FIGURES`` PES in ``year - 1`` and ``year`` (aggregates by category, as entities/demo.py)."""
    from entities.models import AtRiskCategory, YearlyFigures

    categories = AtRiskCategory.values
    chosen = rng.sample(pes, k=min(FIGURES, len(pes)))
    rows = []
    for pk, _seat in chosen:
        for y in (year - 1, year):
            total = rng.randint(2, 40)
            at_risk = {c: rng.randint(0, total // 3) for c in rng.sample(categories, k=rng.randint(1, 3))}
            rows.append(YearlyFigures(entity_id=pk, year=y, employees_total=total, at_risk=at_risk))
    YearlyFigures.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows) // 2


def _events(rng: random.Random, *, staff, pes: list[tuple[int, str]], year: int) -> tuple[int, int]:
    """The events demo's year of events, ``EVENT_ROUNDS`` times over, held in ``year``, with registrations."""
    from django.utils import timezone

    from entities.models import Territory
    from events.demo import PLACES, SERVES, YEAR, _person
    from events.models import Event, EventKind, EventStatus, ParticipantCategory, Registration
    from programmes.models import Direction

    directions = {d.number: d.pk for d in Direction.objects.filter(goal__priority__programme__status="in_force")}
    places = list(Territory.objects.filter(code__in=["0463011", "0461011", "0464011", "0462011", "0407011"]))
    powiaty = sorted({(seat or "")[:4] for _pk, seat in pes if seat})
    tz = timezone.get_current_timezone()
    events = []
    for round_ in range(EVENT_ROUNDS):
        for kind, title, month, day, hours, capacity in YEAR:
            starts = datetime(year, month, min(28, day + round_ % 3), 10, 0, tzinfo=tz) + timedelta(days=round_ // 3)
            abroad = kind == EventKind.STUDY_VISIT
            events.append(Event(
                kind=kind, title=f"{title} ({round_ + 1})", starts_at=starts, ends_at=starts + timedelta(hours=hours),
                venue="" if abroad else rng.choice(PLACES), country="Włochy" if abroad else "",
                city="Bolonia" if abroad else "", capacity=capacity * 2, created_by=staff,
                gmina=None if abroad or not places else rng.choice(places),
                status=EventStatus.REPORTED if month < 10 else EventStatus.HELD, budget_planned=capacity * 120,
                budget_spent=capacity * 110, description="Wydarzenie w ramach koordynacji ekonomii społecznej."))
    Event.objects.bulk_create(events)
    Event.directions.through.objects.bulk_create(
        [Event.directions.through(event_id=e.pk, direction_id=directions[n])
         for e in events for n in SERVES[e.kind] if n in directions])
    registrations, counter = [], 0
    categories = ParticipantCategory.values
    for event in events:
        for _ in range(int(event.capacity * rng.uniform(0.5, 0.9))):
            counter += 1
            category = ParticipantCategory.PES if rng.random() < 0.5 else rng.choice(categories)
            entity_id, seat = rng.choice(pes) if category == ParticipantCategory.PES else (None, None)
            registrations.append(Registration(
                event=event, **_person(rng, counter), category=category, entity_id=entity_id,
                powiat_code=(seat or "")[:4] if entity_id else rng.choice(powiaty),
                status=Registration.Status.CONFIRMED, attended=rng.random() < 0.85,
                consent_at=event.starts_at - timedelta(days=7)))
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    return len(events), len(registrations)


def _certificates(rng: random.Random, *, staff, pes: list[tuple[int, str]], year: int) -> int:
    """``CERTIFICATES`` marks issued in ``year - 1`` and ``year`` (a few withdrawn), each with one or two items."""
    from django.conf import settings
    from django.utils import timezone

    from certification.models import Application, ApplicationItem, Certificate, Edition, Status
    from entities.demo import CATEGORIES, PRODUCT_NAMES

    editions = {y: Edition.objects.create(name=f"Zakup Prospołeczny {y}", year=y, opens_on=date(y, 3, 1),
                                          closes_on=date(y, 4, 30), validity_months=24) for y in (year - 1, year)}
    holders = rng.sample(pes, k=min(CERTIFICATES, len(pes)))
    applications = [Application(edition=editions[year - i % 2], entity_id=pk, created_by=staff,
                                status=Status.ACTIVE, entity_name=f"PES {pk}", submitted_at=timezone.now())
                    for i, (pk, _seat) in enumerate(holders)]
    Application.objects.bulk_create(applications, batch_size=BATCH)
    items, certificates, sequence = [], [], {year - 1: 0, year: 0}
    for application in applications:
        y = application.edition.year
        sequence[y] += 1
        chosen = rng.sample(CATEGORIES, k=rng.randint(1, 2))
        items += [ApplicationItem(application=application, kind=kind, category=category,
                                  name=PRODUCT_NAMES[category]) for kind, category in chosen]
        withdrawn = rng.random() < 0.03
        certificates.append(Certificate(
            application=application, year=y, sequence=sequence[y],
            number=f"ZP/{settings.ROPS_VOIVODESHIP_CODE}/{y}/{sequence[y]:03d}", entity_name=application.entity_name,
            items="; ".join(PRODUCT_NAMES[c] for _k, c in chosen), valid_from=date(y, 6, 1),
            valid_until=date(y + 2, 5, 31), issued_by=staff,
            withdrawn_at=datetime(year, 9, 1, 12, tzinfo=timezone.get_current_timezone()) if withdrawn else None,
            withdrawal_reason="Utrata warunków przyznania." if withdrawn else ""))
    ApplicationItem.objects.bulk_create(items, batch_size=BATCH)
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    return len(certificates)


def _campaign(rng: random.Random, *, pes: list[tuple[int, str]], year: int):
    """The open campaign of ``year`` with the demo's questionnaires, its respondents and their answers."""
    from django.utils import timezone

    from entities.models import Entity, Owes
    from monitoring.demo import _answers, _questionnaires
    from monitoring.models import Campaign, Respondent, RespondentType, Response
    from monitoring.validation import check

    campaign = Campaign.objects.create(year=year, title=f"Monitoring ekonomii społecznej za {year} r.",
                                       deadline=date(year + 1, 3, 31), status=Campaign.Status.OPEN,
                                       reminder_days=[14, 3], opened_at=timezone.now())
    questionnaires = _questionnaires(campaign)
    owes = sorted(set(Owes.objects.values_list("operator_id", flat=True)))
    groups = {RespondentType.PES: [pk for pk, _seat in rng.sample(pes, k=min(PES_RESPONDENTS, len(pes)))],
              RespondentType.OWES: owes,
              RespondentType.JST: list(Entity.objects.jst().order_by("pk").values_list("pk", flat=True)
                                       [:JST_RESPONDENTS])}
    respondents = [Respondent(campaign=campaign, questionnaire=questionnaires[kind], entity_id=pk,
                              contact_email=f"monitoring{pk}@example.pl")
                   for kind, pks in groups.items() for pk in pks]
    Respondent.objects.bulk_create(respondents, batch_size=BATCH)
    questions = {kind: list(q.questions.all()) for kind, q in questionnaires.items()}
    now = timezone.now()
    responses, submitted = [], 0
    for respondent in respondents:
        kind = respondent.questionnaire.respondent_type
        chance = rng.random()
        if chance < SUBMITTED_SHARE:
            outcome = check(questions[kind], _answers(kind, rng, 1.0), complete=True)
            assert outcome.ok, outcome.errors
            responses.append(Response(respondent=respondent, answers=outcome.values, status=Response.Status.SUBMITTED,
                                      submitted_at=now))
            submitted += 1
        elif chance < SUBMITTED_SHARE + 0.05:
            responses.append(Response(respondent=respondent, answers={"1": "7"}))
    Response.objects.bulk_create(responses, batch_size=BATCH)
    return campaign, len(respondents), submitted


def _vacuum() -> None:
    """As autovacuum would, once the rows are in (the registry benchmark does the same after its seed)."""
    from django.db import connection

    tables = ["entities_yearlyfigures", "entities_jstcooperation", "entities_owes", "events_event",
              "events_event_directions", "events_registration", "certification_application",
              "certification_applicationitem", "certification_certificate", "monitoring_respondent",
              "monitoring_response", "monitoring_campaignfigure", "programmes_indicatorvalue"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
