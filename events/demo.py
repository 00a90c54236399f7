"""A year of events of every kind, with registrations and attendance, the main events of the two years before
(the years the monitoring reports cover), and one nearly full upcoming event."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from entities.models import Entity, Territory
from programmes.models import Direction

from .models import Event, EventKind, EventStatus, ParticipantCategory, Registration

FIRST = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Piotr", "Krzysztof", "Tomasz", "Marek",
         "Paweł", "Michał", "Joanna", "Magdalena", "Jan", "Andrzej", "Zofia", "Aleksandra", "Wojciech", "Łukasz"]
LAST = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zielińska",
        "Szymański", "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Kwiatkowski", "Krawczyk"]
PLACES = ["Toruń, Centrum Kulturalno-Kongresowe Jordanki", "Bydgoszcz, Opera Nova", "Włocławek, Urząd Miasta",
          "Grudziądz, Centrum Integracji Społecznej", "Inowrocław, Teatr Miejski", "Brodnica, Starostwo Powiatowe",
          "Chełmno, Centrum Informacji Turystycznej", "Świecie, Hala widowiskowa"]
POWIATY = ["0463", "0461", "0464", "0462", "0407", "0402", "0404", "0414", "0415", "0418"]

# Intervention directions of the KP programme each kind of event serves.
SERVES = {EventKind.TRAINING: ["1.1.2", "2.1.1"], EventKind.NETWORK_MEETING: ["3.1.1", "2.1.2"],
          EventKind.WORKING_GROUP: ["4.2.1"], EventKind.STUDY_VISIT: ["1.1.2"], EventKind.FAIR: ["1.2.2", "4.2.2"],
          EventKind.CONFERENCE: ["4.2.2"], EventKind.FORUM: ["4.2.2"], EventKind.GALA: ["1.2.1"],
          EventKind.OTHER: ["1.2.2"]}
# Each row: kind, title, month, day, length in hours, places.
YEAR = [
    (EventKind.TRAINING, "Szkolenie dla JST: klauzule społeczne w zamówieniach publicznych", 2, 18, 6, 40),
    (EventKind.NETWORK_MEETING, "Spotkanie Regionalnej Platformy Współpracy CIS/KIS/ZAZ/WTZ", 3, 12, 5, 50),
    (EventKind.WORKING_GROUP, "Grupa robocza ds. promocji ekonomii społecznej", 3, 26, 3, 15),
    (EventKind.NETWORK_MEETING, "Spotkanie sieci OWES województwa kujawsko-pomorskiego", 4, 16, 4, 25),
    (EventKind.STUDY_VISIT, "Wizyta studyjna: spółdzielnie socjalne we Włoszech", 5, 11, 72, 20),
    (EventKind.FAIR, "Kujawsko-Pomorskie Targi Ekonomii Społecznej", 6, 6, 8, 300),
    (EventKind.CONFERENCE, "Regionalne Dni Ekonomii Społecznej", 9, 17, 7, 200),
    (EventKind.FORUM, "Forum Ekonomii Społecznej Województwa Kujawsko-Pomorskiego", 10, 8, 7, 150),
    (EventKind.TRAINING, "Szkolenie: zlecanie zadań publicznych podmiotom ekonomii społecznej", 10, 22, 6, 35),
    (EventKind.GALA, "Gala certyfikatu „Zakup Prospołeczny”", 11, 19, 4, 180),
    (EventKind.OTHER, "Kiermasz świąteczny produktów PES", 12, 8, 6, 100),
]


def _person(rng: random.Random, n: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {"first_name": first, "last_name": last, "email": f"uczestnik{n}@przyklad.pl"}


def seed(*, cast, stdout) -> None:
    directions = {d.number: d for d in Direction.objects.filter(goal__priority__programme__status="in_force")}
    places = list(Territory.objects.filter(code__in=["0463011", "0461011", "0464011", "0462011", "0407011"]))
    rng = random.Random(2026)  # noqa: S311 - reproducible demo, not security
    entities = list(Entity.objects.order_by("pk")[:200])
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    year = today.year
    counter = 0
    # The two years before (the years the monitoring reports cover) had the main events too.
    earlier = [row for row in YEAR if row[0] in {EventKind.TRAINING, EventKind.FAIR, EventKind.CONFERENCE,
                                                  EventKind.GALA}]
    for event_year, month, day, title, kind, hours, capacity in [
            (y, m, d, t if y == year else f"{t} {y}", k, h, c)
            for y, rows in ((year - 2, earlier), (year - 1, earlier), (year, YEAR)) for k, t, m, d, h, c in rows]:
        starts = datetime(event_year, month, day, 10, 0, tzinfo=tz)
        past = starts.date() < today
        event = Event.objects.create(
            kind=kind, title=title, starts_at=starts, ends_at=starts + timedelta(hours=hours),
            venue="" if kind == EventKind.STUDY_VISIT else rng.choice(PLACES),
            country="Włochy" if kind == EventKind.STUDY_VISIT else "", city="Bolonia" if kind == EventKind.STUDY_VISIT
            else "", capacity=capacity, created_by=cast["staff"],
            status=EventStatus.REPORTED if past and month < 10 else (EventStatus.HELD if past else EventStatus.PLANNED),
            budget_planned=capacity * 120, budget_spent=capacity * 110 if past else None,
            outcome_report="Wydarzenie zrealizowano zgodnie z planem." if past and month < 10 else "",
            description="Wydarzenie realizowane w ramach koordynacji rozwoju ekonomii społecznej w regionie.",
        )
        if entities:
            event.partners.set(rng.sample(entities, k=min(3, len(entities))))
        event.directions.set([directions[n] for n in SERVES[kind] if n in directions])
        if places and kind != EventKind.STUDY_VISIT:
            event.gmina = rng.choice(places)
            event.save(update_fields=["gmina"])
        if not past:
            continue
        rows = []
        for _ in range(int(capacity * rng.uniform(0.5, 0.9))):
            counter += 1
            entity = rng.choice(entities) if entities and rng.random() < 0.5 else None
            rows.append(Registration(
                event=event, **_person(rng, counter), category=rng.choice(ParticipantCategory.values),
                entity=entity, institution=str(entity) if entity else "",
                powiat_code=(entity.seat_id or "")[:4] if entity else rng.choice(POWIATY),
                status=Registration.Status.CONFIRMED, attended=rng.random() < 0.85,
                consent_at=starts - timedelta(days=7),
            ))
        Registration.objects.bulk_create(rows)

    # The upcoming event with open registration and only a couple of places left.
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=21)
    upcoming = Event.objects.create(
        kind=EventKind.CONFERENCE, title="Konferencja: ekonomia społeczna w usługach społecznych",
        description="Jak JST mogą współpracować z PES przy usługach społecznych. Panele, dobre praktyki, networking.",
        starts_at=starts, ends_at=starts + timedelta(hours=6), venue="Toruń, Urząd Marszałkowski, ul. Plac Teatralny 2",
        capacity=60, registration_deadline=starts - timedelta(days=2), status=EventStatus.REGISTRATION_OPEN,
        created_by=cast["staff"], budget_planned=9000,
    )
    rows = []
    for _ in range(58):
        counter += 1
        rows.append(Registration(event=upcoming, **_person(rng, counter), powiat_code=rng.choice(POWIATY),
                                 category=rng.choice(ParticipantCategory.values), consent_at=timezone.now()))
    Registration.objects.bulk_create(rows)
    # The demo PES representative registered for it (their home page lists it).
    pes = cast["pes"]
    Registration.objects.create(event=upcoming, first_name=pes.first_name, last_name=pes.last_name,
                                email=pes.email, entity=Entity.objects.represented_by(pes).first(),
                                category=ParticipantCategory.PES, consent_at=timezone.now())
    # A training this week (the staff's "events this week").
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    Event.objects.create(
        kind=EventKind.TRAINING, title="Szkolenie: zamówienia społeczne w praktyce", starts_at=starts,
        ends_at=starts + timedelta(hours=4), venue="Bydgoszcz, ul. Jagiellońska 3", capacity=25,
        status=EventStatus.REGISTRATION_CLOSED, created_by=cast["staff"])
    stdout.write(f"  events: {Event.objects.count()} events, {Registration.objects.count()} registrations")
