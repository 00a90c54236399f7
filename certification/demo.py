"""Certification demo: a past edition with granted, refused and expired marks, and a current edition with
applications in every state (one awaiting the chapter's vote, one returned to the demo PES for corrections)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.registration import registration_confirm_email, registration_start, registration_token
from committee.models import Committee
from committee.services import conflict_declare, vote_cast
from entities.models import Entity, Representation

from .models import Application, ApplicationEvent, Attachment, Criterion, Edition, Recommendation, Status
from .services import application_transition, assessment_save, certificate_issue, certificates_daily

PRODUCTS = [("product", "Ceramika użytkowa z Kujaw", "rękodzieło"),
            ("service", "Catering na wydarzenia", "gastronomia"),
            ("service", "Usługi porządkowe i utrzymanie zieleni", "usługi komunalne"),
            ("product", "Miód i przetwory z pasieki", "żywność"), ("service", "Szycie i naprawa odzieży", "krawiectwo"),
            ("product", "Zabawki drewniane", "rękodzieło"), ("service", "Opieka wytchnieniowa", "usługi społeczne"),
            ("service", "Drukarnia i introligatornia", "poligrafia")]
CURRENT_STATES = [Status.DRAFT, Status.SUBMITTED, Status.FORMAL_CHECK, Status.ASSESSMENT, Status.COMMITTEE_VOTE,
                  Status.GRANTED, Status.REFUSED, Status.ACTIVE, Status.WITHDRAWN]


def _criteria(edition: Edition) -> None:
    Criterion.objects.bulk_create([
        Criterion(edition=edition, order=1, name="Uprawniona forma prawna", computed="legal_form",
                  evidence="odpis z KRS lub innego rejestru"),
        Criterion(edition=edition, order=2, name="Rzeczywiste cele społeczne",
                  description="Działalność na rzecz osób zagrożonych wykluczeniem lub społeczności lokalnej.",
                  evidence="statut, sprawozdanie merytoryczne"),
        Criterion(edition=edition, order=3, name="Co najmniej 6 miesięcy działalności",
                  computed="months_of_operation"),
        Criterion(edition=edition, order=4, name="Co najmniej 30% przychodów własnych z rynku", computed="own_revenue",
                  evidence="sprawozdanie finansowe"),
        Criterion(edition=edition, order=5, name="Jakość produktu lub usługi", kind=Criterion.Kind.SCORE,
                  max_score=10, evidence="zdjęcia, opinie klientów"),
        Criterion(edition=edition, order=6, name="Co najmniej 2 rekomendacje", computed="recommendations"),
    ])


def _application(edition, entity, by, status, n, *, submitted: date | None = None) -> Application:
    kind, name, category = PRODUCTS[n % len(PRODUCTS)]
    application = Application.objects.create(
        edition=edition, entity=entity, created_by=by, status=status, entity_name=entity.name,
        contact_person="Osoba kontaktowa", contact_email=f"certyfikacja{n}@pes.example.pl",
        social_aims="Zatrudniamy osoby długotrwale bezrobotne i z niepełnosprawnościami; reinwestujemy zysk.",
        revenue_period=str(edition.year - 1), total_revenue=Decimal(180000 + n * 10000),
        own_revenue=Decimal(70000 + n * 5000) if status != Status.REFUSED else Decimal(20000),
        truthfulness_declared_at=timezone.now(), information_clause_read_at=timezone.now(),
        submitted_at=timezone.now() - timedelta(days=30) if status != Status.DRAFT else None,
    )
    application.items.create(kind=kind, name=name, category=category, description="Wytwarzane lokalnie.")
    Recommendation.objects.bulk_create([
        Recommendation(application=application, author="Anna Przykładowa", organisation="Urząd Gminy",
                       summary="Wysoka jakość i terminowość."),
        Recommendation(application=application, author="Tomasz Klient", organisation="Dom Kultury",
                       summary="Polecamy współpracę."),
    ])
    if status != Status.DRAFT:
        ApplicationEvent.objects.create(application=application, actor=by, from_status=Status.DRAFT,
                                        to_status=Status.SUBMITTED)
    if status in {Status.REFUSED, Status.GRANTED, Status.ACTIVE}:
        application.decision_reason = ("Kryteria spełnione – rekomendacja Kapituły." if status != Status.REFUSED
                                       else "Udział przychodów własnych poniżej 30%.")
        application.save(update_fields=["decision_reason"])
    return application


def _through_the_chapter(edition, entity, staff, n, assessors, *, vote: bool) -> Application:
    """An application passed to the chapter through the services: the case is opened, members declare (one
    recused) and assess; with ``vote`` it is put to the vote and some members have voted. The demo member
    (czlonek@) has not declared, assessed or voted, so they can try each step."""
    application = _application(edition, entity, staff, Status.FORMAL_CHECK, n)
    application = application_transition(application=application, to=Status.ASSESSMENT, by=staff)
    recused, *declared = assessors
    conflict_declare(resolution=application.resolution, user=recused, has_conflict=True,
                     note="Zasiadam w zarządzie wnioskodawcy.")
    scores = {c.pk: {"passed": True, "score": 8 if c.max_score else None, "comment": ""}
              for c in edition.criteria.all()}
    for user in declared:
        conflict_declare(resolution=application.resolution, user=user, has_conflict=False)
    for user in declared[:3]:
        assessment_save(application=application, member=user, scores=scores, submit=True,
                        comment="Produkt dobrej jakości, cele społeczne udokumentowane.")
    if vote:
        application = application_transition(application=application, to=Status.COMMITTEE_VOTE, by=staff,
                                             deadline=timezone.localdate() + timedelta(days=6))
        for user in declared[:3]:
            vote_cast(resolution=application.resolution, user=user, choice="for")
    return application


def seed(*, cast, stdout) -> None:
    today = timezone.localdate()
    staff, pes = cast["staff"], cast["pes"]
    chapter = Committee.objects.get(kind=Committee.Kind.CHAPTER)
    past = Edition.objects.create(name=f"Edycja {today.year - 1}", year=today.year - 1, committee=chapter,
                                  opens_on=date(today.year - 1, 2, 1), closes_on=date(today.year - 1, 4, 30))
    current = Edition.objects.create(name=f"Edycja {today.year}", year=today.year, committee=chapter,
                                     opens_on=today - timedelta(days=60), closes_on=today + timedelta(days=45))
    _criteria(past)
    _criteria(current)
    pes_entity = pes.representations.first().entity
    others = list(Entity.objects.pes().exclude(pk=pes_entity.pk).order_by("pk")[:40]) or [pes_entity]

    def entity(i):
        return others[i % len(others)]

    # Past edition: granted (still active), expired, refused, and one granted then withdrawn.
    n = 0
    for status in [Status.GRANTED, Status.GRANTED, Status.GRANTED, Status.REFUSED]:
        application = _application(past, entity(n), staff, status, n)
        if status == Status.GRANTED:
            valid_from = date(today.year - 1, 6, 1) if n else today - timedelta(days=320)
            certificate_issue(application=application, by=staff, valid_from=valid_from)
        n += 1
    # The first certificate was issued long enough ago to be near expiry; the second expired already.
    certificates_daily(today=today)

    # Current edition: every state.
    assessors = [m.user for m in chapter.members.in_office().exclude(user=cast["member"])
                 .select_related("user").order_by("pk")]
    for status in CURRENT_STATES:
        if status in {Status.ASSESSMENT, Status.COMMITTEE_VOTE}:
            _through_the_chapter(current, entity(n), staff, n, assessors, vote=status == Status.COMMITTEE_VOTE)
            n += 1
            continue
        application = _application(current, entity(n), staff, status, n)
        if status == Status.ACTIVE:
            application.status = Status.GRANTED
            application.save(update_fields=["status"])
            certificate_issue(application=application, by=staff)
        if status == Status.WITHDRAWN:
            application.decision_reason = "Wycofany na prośbę wnioskodawcy."
            application.save(update_fields=["decision_reason"])
        n += 1

    # The demo PES representative's own application, returned for corrections.
    returned = _application(current, pes_entity, pes, Status.RETURNED, n)
    returned.corrections_note = "Prosimy dołączyć sprawozdanie finansowe za ubiegły rok i uzupełnić opis celów."
    returned.corrections_deadline = today + timedelta(days=14)
    returned.save(update_fields=["corrections_note", "corrections_deadline"])
    ApplicationEvent.objects.create(application=returned, actor=staff, from_status=Status.FORMAL_CHECK,
                                    to_status=Status.RETURNED, note=returned.corrections_note)
    # The demo representative also acts for a second entity with no application yet: it can start one in the
    # open edition (the home page's "start a new application").
    used = set(Application.objects.values_list("entity_id", flat=True))
    second = next((e for e in others if e.pk not in used and not e.representations.exists()), None)
    if second is not None:
        Representation.objects.create(user=pes, entity=second)
    # A return whose deadline has passed (the staff's queue of overdue returns).
    used = set(Application.objects.values_list("entity_id", flat=True))
    free = [e for e in others if e.pk not in used and e != second]
    if free:
        late = _application(current, free[0], staff, Status.RETURNED, n + 1)
        late.corrections_note = "Prosimy uzupełnić rekomendacje."
        late.corrections_deadline = today - timedelta(days=3)
        late.save(update_fields=["corrections_note", "corrections_deadline"])
    # A representative who registered on the site and confirmed the e-mail, waiting for staff approval.
    waiting_for = next((e for e in others if e.nip and not e.representations.exists()), None)
    if waiting_for is not None:
        registration = registration_start(
            email="nowy.pes@example.pl", first_name="Karolina", last_name="Nowicka", password="Demo-Rejestracja-2026",
            entity_nip=waiting_for.nip, consent_processing=True, consent_authorised=True)
        registration_confirm_email(token=registration_token(registration))
    stdout.write(f"  certification: {Application.objects.count()} applications, "
                 f"{Attachment.objects.count()} attachments")
