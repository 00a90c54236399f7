"""The real Kujawsko-Pomorskie programme (imported through the same import as users use), its indicators with
plausible yearly values, an amendment, an action plan for the current year, and a draft in consultation."""

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from .models import ActionTask, Indicator, IndicatorValue, Status
from .services import (
    action_plan_create,
    action_task_save,
    amendment_close,
    amendment_start,
    direction_add,
    indicator_values_compute,
    programme_import,
    programme_transition,
)
from .yaml_io import programme_parse

KP = Path(__file__).resolve().parent / "data" / "kp-programme.yaml"

MANUAL = [
    # goal number, name, unit, baseline, baseline year, target, source
    ("1.1", "Liczba przedstawicieli kadry PES przeszkolonych w roku", "osoby", 120, 2013, 400, "sprawozdania OWES"),
    ("2.1", "Liczba JST stosujących klauzule społeczne", "JST", 6, 2013, 60, "ankieta JST"),
    ("3.1", "Liczba miejsc pracy utworzonych w przedsiębiorstwach społecznych", "miejsca pracy", 0, 2013, 800,
     "sprawozdania OWES"),
]
COMPUTED = [
    ("1.2", "Liczba PES z certyfikatem „Zakup Prospołeczny”", "PES", "certified_pes", 0, 2013, 60),
    ("4.2", "Liczba wydarzeń promujących ekonomię społeczną", "szt.", "events_held", 4, 2013, 15),
    (None, "Liczba PES w regionalnym rejestrze", "PES", "pes_count", 150, 2013, 260),
    ("1.3", "Liczba jednostek reintegracyjnych (CIS, KIS, WTZ, ZAZ)", "szt.", "reintegration_units", 20, 2013, 40),
    ("2.1", "Liczba akredytowanych ośrodków wsparcia ekonomii społecznej", "OWES", "owes_accredited", 2, 2013, 5),
    ("2.2", "Liczba posiedzeń Regionalnego Komitetu Rozwoju Ekonomii Społecznej w roku", "szt.",
     "committee_meetings", 0, 2013, 4),
    ("3.1", "Liczba miejsc pracy utworzonych z dotacji OWES (badanie OWES)", "miejsca pracy",
     "survey_owes_jobs_created", 0, 2013, 150),
    ("3.3", "Wartość zadań publicznych zleconych PES przez JST (badanie JST)", "zł", "survey_jst_contracted",
     0, 2013, 20000000),
]

# Action-plan tasks: title, directions, responsible unit, partners, status, outputs, {source: (planned, spent)}.
TASKS = [
    ("Regionalne Dni Ekonomii Społecznej i targi PES", ["4.2.2", "1.2.2"], "Dział Ekonomii Społecznej",
     "OWES, JST", ActionTask.Status.DONE, "2 dni targowe, 64 wystawców, ok. 1500 odwiedzających",
     {"eu": (120000, 110000), "voivodeship": (20000, 18000)}),
    ("Certyfikacja „Zakup Prospołeczny” i gala", ["1.2.1"], "Dział Ekonomii Społecznej", "Kapituła",
     ActionTask.Status.IN_PROGRESS, "nabór wniosków, posiedzenia Kapituły, gala wręczenia certyfikatów",
     {"voivodeship": (35000, 12000)}),
    ("Szkolenia dla JST z klauzul społecznych", ["2.1.1"], "Dział Ekonomii Społecznej", "UZP, OWES",
     ActionTask.Status.DONE, "6 szkoleń, 118 uczestników z 74 JST", {"eu": (40000, 38500)}),
    ("Badanie monitoringowe sektora ES", ["4.1.1"], "Obserwatorium Integracji Społecznej", "",
     ActionTask.Status.PLANNED, "raport z badania i rekomendacje", {"eu": (60000, 0), "state": (10000, 0)}),
]


def seed(*, cast, stdout) -> None:
    staff = cast["staff"]
    rng = random.Random(13)  # noqa: S311 - reproducible demo
    programme = programme_import(programme_parse(KP.read_text(encoding="utf-8")).data, by=staff)
    goals = {g.number: g for p in programme.priorities.prefetch_related("goals") for g in p.goals.all()}
    main = programme.indicators.get(order=0)
    main.baseline_value, main.baseline_year, main.target_year = Decimal(2400), 2013, 2020
    main.computation, main.data_source = "pes_employees", "rejestr PES – dane roczne"
    main.save()
    today = timezone.localdate()
    order = 10
    for number, name, unit, base, year, target, source in MANUAL:
        indicator = Indicator.objects.create(programme=programme, goal=goals[number], name=name, unit=unit,
                                             baseline_value=base, baseline_year=year, target_value=target,
                                             target_year=2020, data_source=source, order=order)
        order += 1
        value = Decimal(base)
        for y in range(2014, today.year):
            value += Decimal(rng.randint(0, int((target - base) / 8) + 2))
            IndicatorValue.objects.create(indicator=indicator, year=y, value=value, entered_by=staff,
                                          source_note=source, locked=y <= today.year - 2)
    for number, name, unit, computation, base, year, target in COMPUTED:
        Indicator.objects.create(programme=programme, goal=goals.get(number), name=name, unit=unit,
                                 computation=computation, baseline_value=base, baseline_year=year,
                                 target_value=target, target_year=2020, data_source="system", order=order)
        order += 1
    programme_transition(programme=programme, to=Status.CONSULTATION, by=staff, consultation_until=today)
    programme_transition(programme=programme, to=Status.SUBMITTED, by=staff)
    programme_transition(programme=programme, to=Status.ADOPTED, by=staff, resolution_number="12/345/13",
                         resolution_date=date(2013, 3, 20))
    programme_transition(programme=programme, to=Status.IN_FORCE, by=staff)
    amendment = amendment_start(
        programme=programme, by=staff, resolution_number="45/1234/16",
        reason="Aktualizacja po ocenie śródokresowej: nowy kierunek dotyczący usług społecznych.")
    new_number = f"2.2.{goals['2.2'].directions.count() + 1}"
    direction_add(goal=goals["2.2"], number=new_number, by=staff,
                  text="Rozwój usług społecznych świadczonych przez PES na zlecenie JST.")
    for y in (today.year - 2, today.year - 1):
        indicator_values_compute(programme=programme, year=y, by=staff)
    amendment_close(amendment=amendment, by=staff)
    # This year's action plan, written as staff write it (the history records who and when).
    directions = {d.number: d for g in goals.values() for d in g.directions.all()}
    plan = action_plan_create(programme=programme, year=today.year, by=staff)
    for title, numbers, unit, partners, status, outputs, budget in TASKS:
        action_task_save(plan=plan, by=staff, title=title, responsible_unit=unit, partners=partners,
                         status=status, outputs=outputs, directions=[directions[n] for n in numbers],
                         budget={s: (Decimal(p), Decimal(sp)) for s, (p, sp) in budget.items()})
    # A draft of the next programme, in public consultation.
    draft = programme_import(programme_parse(KP.read_text(encoding="utf-8")).data, by=staff)
    draft.name = "Kujawsko-Pomorski Program Rozwoju Ekonomii Społecznej (projekt)"
    draft.start_year, draft.end_year, draft.period_label = today.year + 1, today.year + 7, \
        f"{today.year + 1}-{today.year + 7}"
    draft.save()
    programme_transition(programme=draft, to=Status.CONSULTATION, by=staff,
                         consultation_until=today.replace(month=12, day=31))
    stdout.write(f"  programmes: {programme} (in force), draft in consultation")
