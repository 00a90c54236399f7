"""A small world for the open data: one record of each register, each surrounded by personal data planted where
the system keeps it (contacts, application contacts, participants, survey answers, members' e-mails), so that a
test can look for every planted value in every output."""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

# Personal values planted in the world: none may appear in any open dataset, file or public page.
PLANTED = {
    "contact_name": "Zofia Tajemnicza",
    "contact_email": "zofia.tajemnicza@example.pl",
    "contact_phone": "600 100 200",
    "entity_email": "biuro.tajemnicze@example.pl",
    "entity_phone": "52 111 22 33",
    "applicant_person": "Halina Poufna",
    "applicant_email": "halina.poufna@example.pl",
    "applicant_phone": "601 222 333",
    "participant_first": "Witold",
    "participant_last": "Uczestnikowski",
    "participant_email": "witold.uczestnikowski@example.pl",
    "participant_needs": "pętla indukcyjna dla Witolda",
    "survey_text": "Tajna odpowiedź ankiety członka",
    "member_email": "czlonek.tajny@example.pl",
    "member_phone": "602 333 444",
    "figures_marker": "987654",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    entity: object
    closed_entity: object
    hidden_entity: object
    unconfirmed_entity: object
    ps: object
    old_ps: object
    certificate: object
    withdrawn: object
    event: object
    past_event: object
    programme: object
    indicator: object
    small_value: object
    big_value: object
    draft_programme: object
    committee: object
    member: object
    resolution: object
    open_resolution: object
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(db, staff):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from certification import services as certification_services
    from certification.models import Status as ApplicationStatus
    from certification.tests.factories import ApplicationFactory
    from committee.models import Category, Member, Resolution, Survey, SurveyAnswer, SurveyQuestion
    from committee.tests.factories import CommitteeFactory
    from entities.models import Contact, LegalForm, YearlyFigures
    from entities.tests.factories import EntityFactory, PsStatusFactory
    from events.tests.factories import EventFactory, RegistrationFactory
    from programmes.models import Status as ProgrammeStatus
    from programmes.tests.factories import IndicatorFactory, IndicatorValueFactory, ProgrammeFactory

    today = timezone.localdate()
    entity = EntityFactory(name="Spółdzielnia Socjalna Otwarta", seat_id="0463011", email=PLANTED["entity_email"],
                           phone=PLANTED["entity_phone"], registered_on=date(2020, 5, 4), krs="0000123456",
                           description="Catering i usługi porządkowe.")
    entity.activity_area.set(["0463", "0415"])
    Contact.objects.create(entity=entity, name=PLANTED["contact_name"], email=PLANTED["contact_email"],
                           phone=PLANTED["contact_phone"], is_public=True)
    YearlyFigures.objects.create(entity=entity, year=today.year - 1, employees_total=int(PLANTED["figures_marker"]),
                                 at_risk={"disabled": 1})
    closed_entity = EntityFactory(name="Fundacja Zamknięta", legal_form=LegalForm.FOUNDATION, seat_id="0461011",
                                  is_active=False, closed_on=date(2024, 1, 31))
    hidden_entity = EntityFactory(name="Stowarzyszenie Poza Katalogiem", legal_form=LegalForm.ASSOCIATION,
                                  in_catalogue=False)
    unconfirmed_entity = EntityFactory(name="Fundacja Niepotwierdzona", legal_form=LegalForm.FOUNDATION,
                                       is_confirmed=False)
    EntityFactory(name="Gmina Wiejska Nie PES", legal_form=LegalForm.LOCAL_GOVERNMENT, nip=None)

    ps = PsStatusFactory(entity=entity, decision_number="WPS-II.1.2025", granted_on=date(2025, 2, 3),
                         ps_type="services")
    old_ps = PsStatusFactory(entity=closed_entity, decision_number="WPS-II.9.2020", granted_on=date(2020, 1, 1),
                             lost_on=date(2023, 6, 30))

    def granted(target):
        return ApplicationFactory(entity=target, created_by=staff, status=ApplicationStatus.GRANTED,
                                  contact_person=PLANTED["applicant_person"], contact_email=PLANTED["applicant_email"],
                                  contact_phone=PLANTED["applicant_phone"])

    certificate = certification_services.certificate_issue(application=granted(entity), by=staff,
                                                           valid_from=today - timedelta(days=10))
    withdrawn = certification_services.certificate_issue(application=granted(closed_entity), by=staff,
                                                         valid_from=today - timedelta(days=200))
    withdrawn = certification_services.certificate_withdraw(certificate=withdrawn, by=staff,
                                                            reason="Zaprzestano produkcji.")

    event = EventFactory(title="Targi Ekonomii Społecznej", gmina_id="0463011", organiser=entity)
    past_event = EventFactory(title="Dawna konferencja", held=True)
    RegistrationFactory(event=event, first_name=PLANTED["participant_first"], last_name=PLANTED["participant_last"],
                        email=PLANTED["participant_email"], accessibility_needs=PLANTED["participant_needs"])

    programme = ProgrammeFactory(in_force=True, name="Program Otwarty")
    indicator = IndicatorFactory(programme=programme, name="Liczba osób przeszkolonych", unit="osoby")
    small_value = IndicatorValueFactory(indicator=indicator, year=2023, value=Decimal(2))
    big_value = IndicatorValueFactory(indicator=indicator, year=2024, value=Decimal(40))
    draft_programme = ProgrammeFactory(name="Program Roboczy", status=ProgrammeStatus.DRAFT)
    IndicatorValueFactory(indicator=IndicatorFactory(programme=draft_programme), year=2024, value=Decimal(77))

    committee = CommitteeFactory(name="Regionalny Komitet Rozwoju Ekonomii Społecznej")
    person = UserFactory(first_name="Marian", last_name="Członkowski", email=PLANTED["member_email"],
                         phone=PLANTED["member_phone"], roles=[Role.COMMITTEE_MEMBER])
    member = Member.objects.create(committee=committee, user=person, role=Member.Role.CHAIR, category=Category.PES,
                                   represented_body="Forum PES", appointed_on=date(2025, 1, 1))
    resolution = Resolution.objects.create(
        committee=committee, year=2025, sequence=3, title="Opinia o rocznym sprawozdaniu", description="Treść opinii.",
        status=Resolution.Status.CLOSED, adopted=True, closed_at=timezone.now() - timedelta(days=5),
        result={"votes_for": 12, "votes_against": 1, "abstentions": 2})
    open_resolution = Resolution.objects.create(committee=committee, year=2025, sequence=4, title="Głosowanie w toku",
                                                status=Resolution.Status.OPEN)
    survey = Survey.objects.create(committee=committee, year=2025, title="Ankieta", status=Survey.Status.CLOSED)
    question = SurveyQuestion.objects.create(survey=survey, order=1, text="Uwagi", kind=SurveyQuestion.Kind.TEXT)
    SurveyAnswer.objects.create(id=uuid.uuid4(), response=uuid.uuid4(), question=question, text=PLANTED["survey_text"])
    return World(entity=entity, closed_entity=closed_entity, hidden_entity=hidden_entity,
                 unconfirmed_entity=unconfirmed_entity, ps=ps, old_ps=old_ps, certificate=certificate,
                 withdrawn=withdrawn, event=event, past_event=past_event, programme=programme, indicator=indicator,
                 small_value=small_value, big_value=big_value, draft_programme=draft_programme, committee=committee,
                 member=member, resolution=resolution, open_resolution=open_resolution)
