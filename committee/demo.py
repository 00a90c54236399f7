"""Committee demo: the current RKRES (20 members across the statutory categories) with last year's three meetings and
four this year, attendance (one member flagged after three unexcused absences) and the latest minutes, a closed
resolution and an open online vote the demo member has still to cast (and a member appointed after it opened, who
is not entitled to it); and the certifying chapter of 7 members."""

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_create
from core.calendar import calendar_feed_get
from core.models import NotificationMode
from core.notifications import preferences_save
from core.services import job_create
from entities.models import Owes

from . import services
from . import survey as surveys
from .models import Attendance, Category, Committee, Interest, Meeting, Member, Resolution, Vote

C = Category
RKRES_PEOPLE = [
    # first name, last name, category, body represented, role
    ("Tadeusz", "Marszałkowski", C.MARSHAL, "Marszałek Województwa Kujawsko-Pomorskiego", Member.Role.CHAIR),
    ("Ewa", "Sekretarz-Nowak", C.MARSHAL, "Regionalny Ośrodek Polityki Społecznej w Toruniu",
     Member.Role.SECRETARY),
    ("Krzysztof", "Wojewódzki", C.VOIVODE, "Kujawsko-Pomorski Urząd Wojewódzki w Bydgoszczy", Member.Role.MEMBER),
    ("Barbara", "Gminna", C.JST, "Związek Gmin Kujawsko-Pomorskich", Member.Role.DEPUTY),
    ("Marek", "Powiatowy", C.JST, "Związek Powiatów Województwa Kujawsko-Pomorskiego", Member.Role.MEMBER),
    ("Agnieszka", "Miejska", C.JST, "Urząd Miasta Włocławek", Member.Role.MEMBER),
    ("Paweł", "Spółdzielca", C.PES, "Ogólnopolski Związek Rewizyjny Spółdzielni Socjalnych", Member.Role.MEMBER),
    ("Katarzyna", "Integracyjna", C.PES, "Centrum Integracji Społecznej w Grudziądzu", Member.Role.MEMBER),
    ("Robert", "Fundacyjny", C.PES, "Fundacja Rozwoju Ekonomii Społecznej", Member.Role.MEMBER),
    ("Joanna", "Pożytkowa", C.PUBLIC_BENEFIT_COUNCIL, "Wojewódzka Rada Działalności Pożytku Publicznego",
     Member.Role.MEMBER),
    ("Grzegorz", "Radny", C.PUBLIC_BENEFIT_COUNCIL, "Wojewódzka Rada Działalności Pożytku Publicznego",
     Member.Role.MEMBER),
    ("Halina", "Związkowa", C.COOPERATIVE_UNIONS, "Krajowa Rada Spółdzielcza", Member.Role.MEMBER),
    ("Tomasz", "Badawczy", C.RESEARCH, "Instytut Rozwoju Regionalnego", Member.Role.MEMBER),
    ("Magdalena", "Uniwersytecka", C.UNIVERSITIES, "Uniwersytet Mikołaja Kopernika w Toruniu", Member.Role.MEMBER),
    ("Adam", "Akademicki", C.UNIVERSITIES, "Uniwersytet Kazimierza Wielkiego w Bydgoszczy", Member.Role.MEMBER),
    ("Dorota", "Związkowiec", C.TRADE_UNIONS, "NSZZ „Solidarność” Region Toruńsko-Włocławski", Member.Role.MEMBER),
    ("Andrzej", "Pracodawca", C.EMPLOYERS, "Pracodawcy Pomorza i Kujaw", Member.Role.MEMBER),
    ("Iwona", "Przedsiębiorcza", C.EMPLOYERS, "Kujawsko-Pomorska Izba Gospodarcza", Member.Role.MEMBER),
    ("Stanisław", "Nieobecny", C.PES, "Stowarzyszenie Na Rzecz Zatrudnienia", Member.Role.MEMBER),
]
CHAPTER_FROM_RKRES = ["Spółdzielca", "Uniwersytecka", "Pracodawca", "Pożytkowa"]
CHAPTER_NEW = [("Lidia", "Certyfikująca", Member.Role.CHAIR), ("Wojciech", "Kapitulny", Member.Role.SECRETARY)]
ABSENT = "Nieobecny"


def _person(first: str, last: str):
    email = f"{last.lower().replace('-', '.')}@komitet.example.pl"
    for polish, plain in zip("ąćęłńóśźż", "acelnoszz", strict=True):
        email = email.replace(polish, plain)
    return user_create(email=email, first_name=first, last_name=last, roles=[Role.COMMITTEE_MEMBER])


def seed_notification_choices(member) -> None:
    """The demo member wants the votes' results in the daily digest and no survey reminders, and has a calendar
    address (docs/notifications.md): /konto/powiadomienia/ shows them."""
    preferences_save(user=member, modes={"committee.vote_result": NotificationMode.DIGEST,
                                         "committee.survey_reminder": NotificationMode.OFF})
    calendar_feed_get(member)


def seed(*, cast, stdout) -> None:
    seed_notification_choices(cast["member"])
    staff = cast["staff"]
    today = timezone.localdate()
    term_start = today.replace(month=1, day=1) - timedelta(days=365)
    rkres = Committee.objects.create(
        kind=Committee.Kind.RKRES, name="Regionalny Komitet Rozwoju Ekonomii Społecznej Województwa "
                                        "Kujawsko-Pomorskiego", term_start=term_start, parity_max_percent=49)
    chapter = Committee.objects.create(
        kind=Committee.Kind.CHAPTER, name="Kapituła Znaku „Zakup Prospołeczny”", term_start=term_start,
        quorum_percent=50, majority=Committee.Majority.SIMPLE, default_voting_days=7)

    people = {}
    for first, last, category, body, role in RKRES_PEOPLE:
        user = _person(first, last)
        people[last] = services.member_appoint(committee=rkres, user=user, category=category, role=role,
                                               represented_body=body, appointed_on=term_start, by=staff)
    demo_member = services.member_appoint(
        committee=rkres, user=cast["member"], category=C.PES, represented_body="Spółdzielnia Socjalna „Razem”",
        appointed_on=term_start, by=staff)
    members = [*people.values(), demo_member]

    services.member_appoint(committee=chapter, user=cast["member"], category=C.OTHER, appointed_on=term_start,
                            represented_body="Regionalny Komitet Rozwoju Ekonomii Społecznej", by=staff)
    for last in CHAPTER_FROM_RKRES:
        services.member_appoint(committee=chapter, user=people[last].user, category=C.OTHER,
                                represented_body=people[last].represented_body, appointed_on=term_start, by=staff)
    for first, last, role in CHAPTER_NEW:
        services.member_appoint(committee=chapter, user=_person(first, last), category=C.OTHER, role=role,
                                represented_body="Regionalny Ośrodek Polityki Społecznej w Toruniu",
                                appointed_on=term_start, by=staff)

    _register_of_interests(cast, people)

    # Last year's three meetings (the term began on 1 January of last year), counted by the monitoring.
    last_year = today.year - 1
    for month, mode in [(3, Meeting.Mode.IN_PERSON), (6, Meeting.Mode.ONLINE), (10, Meeting.Mode.HYBRID)]:
        held = datetime(last_year, month, 15, 10, 0, tzinfo=timezone.get_current_timezone())
        meeting = services.meeting_create(committee=rkres, held_on=held, mode=mode, by=staff,
                                          place="Urząd Marszałkowski, Toruń, Plac Teatralny 2", agenda=(
                                              "Otwarcie posiedzenia i stwierdzenie kworum\n"
                                              "Informacja ROPS o realizacji programu\nSprawy bieżące"))
        services.attendance_record(meeting=meeting, by=staff, statuses={
            m.pk: Attendance.Status.EXCUSED if (i + month) % 6 == 0 else Attendance.Status.PRESENT
            for i, m in enumerate(members)})

    # Four meetings this year; the absent member missed the last three without excuse (flagged, art. 57).
    agenda = ("Otwarcie posiedzenia i stwierdzenie kworum\nPrzyjęcie porządku obrad\n"
              "Informacja ROPS o realizacji programu\nSprawy bieżące i wolne wnioski\nZamknięcie posiedzenia")
    meetings = []
    for n, days_ago in enumerate([250, 160, 70, 20]):
        held = timezone.now() - timedelta(days=days_ago)
        meeting = Meeting.objects.create(
            committee=rkres, held_on=held.replace(hour=10, minute=0, second=0, microsecond=0),
            mode=[Meeting.Mode.IN_PERSON, Meeting.Mode.HYBRID, Meeting.Mode.ONLINE, Meeting.Mode.IN_PERSON][n],
            place="Urząd Marszałkowski, Toruń, Plac Teatralny 2" if n != 2 else "MS Teams", agenda=agenda)
        statuses = {}
        for i, member in enumerate(members):
            if member.user.last_name == ABSENT:
                statuses[member.pk] = Attendance.Status.UNEXCUSED if n else Attendance.Status.PRESENT
            elif (i + n) % 9 == 0:
                statuses[member.pk] = Attendance.Status.EXCUSED
            else:
                statuses[member.pk] = Attendance.Status.PRESENT
        services.attendance_record(meeting=meeting, statuses=statuses, by=staff)
        meetings.append(meeting)

    year = today.year
    voters = [m for m in members if m.user.last_name != ABSENT]
    # A resolution decided at the last meeting: the opinion on the annual implementation report.
    closed = services.resolution_create(
        committee=rkres, title=f"Opinia w sprawie sprawozdania z realizacji programu rozwoju ekonomii społecznej "
                               f"za {year - 2} r.", subject=Resolution.Subject.REPORT, meeting=meetings[-1],
        description="Komitet pozytywnie opiniuje sprawozdanie przedłożone przez ROPS.", by=staff)
    services.resolution_open_vote(resolution=closed, by=staff)
    choices = [Vote.Choice.FOR] * 15 + [Vote.Choice.AGAINST] + [Vote.Choice.ABSTAIN] * 2
    for member, choice in zip(voters, choices, strict=False):
        services.conflict_declare(resolution=closed, user=member.user, has_conflict=False)
        services.vote_cast(resolution=closed, user=member.user, choice=choice)
    services.resolution_close(resolution=closed, by=staff)
    job_create(kind="committee_minutes", title=f"Protokół: {meetings[-1]}", params={"meeting_id": meetings[-1].pk},
               by=staff)

    # An open online vote: some members still to vote, among them the demo member; one member recused.
    open_vote = services.resolution_create(
        committee=rkres, title=f"Opinia do projektu planu działania na {year + 1} r. do programu rozwoju "
                               "ekonomii społecznej", subject=Resolution.Subject.DRAFT_RESOLUTION,
        description="Projekt uchwały Zarządu Województwa przyjmującej plan działania na kolejny rok.", by=staff)
    services.resolution_open_vote(resolution=open_vote, by=staff, deadline=timezone.now() + timedelta(days=5))
    services.conflict_declare(resolution=open_vote, user=people["Fundacyjny"].user, has_conflict=True,
                              note="Fundacja jest partnerem jednego z zadań planu.")
    for member in voters[:11]:
        if member.user.last_name == "Fundacyjny":
            continue
        services.conflict_declare(resolution=open_vote, user=member.user, has_conflict=False)
        services.vote_cast(resolution=open_vote, user=member.user,
                           choice=Vote.Choice.AGAINST if member.user.last_name == "Badawczy" else Vote.Choice.FOR)
    # Appointed after this vote opened: a member now, but not entitled to vote on it (the page says why).
    services.member_appoint(committee=rkres, user=_person("Zofia", "Nowopowołana"), category=C.RESEARCH,
                            represented_body="Instytut Ekonomii Społecznej", by=staff)
    # The annual survey: last year's closed with answers, this year's open (the demo member has not answered).
    comments = ["Więcej spotkań wyjazdowych w subregionach.", "Materiały na posiedzenia wcześniej, min. 7 dni.",
                "Dobra współpraca, warto utrzymać głosowania online.", ""]
    last = surveys.survey_create(committee=rkres, year=year - 1, by=staff)
    last = surveys.survey_set_status(survey=last, status="open", by=staff)
    for n, member in enumerate(voters[:12]):
        answers = {q.pk: (3 + (n + q.order) % 3 if q.kind == "scale" else comments[n % len(comments)])
                   for q in last.questions.all()}
        surveys.survey_answer(survey=last, user=member.user, answers=answers)
    surveys.survey_set_status(survey=last, status="closed", by=staff)
    current = surveys.survey_create(committee=rkres, year=year, by=staff)
    surveys.survey_set_status(survey=current, status="open", by=staff, closes_on=today + timedelta(days=21))
    # The next meeting, in ten days, with its agenda and the documents sent ahead (the members' home pages).
    held = (timezone.now() + timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    upcoming = Meeting.objects.create(
        committee=rkres, held_on=held, mode=Meeting.Mode.HYBRID, place="Urząd Marszałkowski w Toruniu, sala 101",
        agenda="Otwarcie posiedzenia i stwierdzenie kworum\nPrzyjęcie porządku obrad\n"
               "Opinia o projekcie planu działania na kolejny rok\nInformacja o wynikach monitoringu\n"
               "Sprawy bieżące i wolne wnioski")
    for title in ["Projekt planu działania na kolejny rok", "Informacja o wynikach monitoringu"]:
        services.document_add(upload=SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4\n%demo\n",
                                                        content_type="application/pdf"),
                              title=title, meeting=upcoming, by=staff)
    stdout.write(f"  RKRES: {len(members)} members, {len(meetings)} meetings, resolutions {closed.number} "
                 f"(closed) and {open_vote.number} (open); chapter: {chapter.members.count()} members")


def _register_of_interests(cast, people) -> None:
    """The demo committee member sits on the board of the demo PES and works for an OWES; a certification case
    of either prompts them to recuse. One other member has an entry by name only; the demo member has not
    confirmed this year (the committee page asks them to)."""
    staff = cast["staff"]
    pes_entity = cast["pes"].representations.first().entity
    services.interest_record(person=cast["member"], kind=Interest.Kind.BOARD, entity=pes_entity, by=staff,
                             since=date(2019, 5, 1), note="Członek rady nadzorczej")
    owes = Owes.objects.select_related("operator").first()
    if owes is not None:
        services.interest_record(person=cast["member"], kind=Interest.Kind.EMPLOYER, entity=owes.operator,
                                 by=staff, note=f"Doradca kluczowy – {owes.name}")
    first = next(iter(people.values()))
    services.interest_record(person=first.user, kind=Interest.Kind.OTHER, by=staff,
                             organisation="Stowarzyszenie Lokalna Grupa Działania „Dolina Drwęcy”",
                             note="Członek stowarzyszenia")
