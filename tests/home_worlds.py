"""One pending matter of each kind a role's home page ("Moje sprawy", issue #15) shows, made through the apps'
services and factories as people would have made them. The browser journeys (tests/browser/test_home_journeys.py)
click through them; tests/test_home_links.py opens every link of the pages they fill.

Where the way there is a long workflow of other people (a chapter's vote before a certificate, the Committee's
opinion and the Board's resolution before a report is accepted) the end state is written directly, and the
builder says so."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone


@dataclass
class Cast:
    """Who acts: ROPS staff, a PES representative and a committee member (the fixtures of the root conftest)."""

    staff: object
    pes: object
    entity: object       # the entity ``pes`` represents
    member: object


def _represented(pes, entity):
    from entities.models import Representation

    Representation.objects.get_or_create(user=pes, entity=entity)
    return entity


def _submitted(cast: Cast, edition, entity):
    """An application the PES filled in and submitted."""
    from certification import services
    from certification.models import Status
    from certification.tests.factories import complete

    application = services.application_create(edition=edition, entity=entity, by=cast.pes)
    complete(application, by=cast.pes)
    return services.application_transition(application=application, to=Status.SUBMITTED, by=cast.pes)


def _checked(cast: Cast, edition, entity):
    from certification import services
    from certification.models import Status

    return services.application_transition(application=_submitted(cast, edition, entity), to=Status.FORMAL_CHECK,
                                           by=cast.staff)


def _returned(cast: Cast, edition, entity, *, note="Dołączcie sprawozdanie finansowe"):
    from certification import services
    from certification.models import Status

    return services.application_transition(application=_checked(cast, edition, entity), to=Status.RETURNED,
                                           by=cast.staff, note=note,
                                           deadline=timezone.localdate() + timedelta(days=7))


def _certificate(cast: Cast, entity, *, expiring: bool):
    """A certificate of a mark granted (the chapter's vote is written as done) and issued by staff; ``expiring``:
    issued eleven months ago, so it ends within the 60 days of the staff's queue."""
    from certification import services
    from certification.models import Status
    from certification.tests.factories import ApplicationFactory

    application = ApplicationFactory(entity=entity, created_by=cast.pes, status=Status.GRANTED)
    valid_from = timezone.localdate() - timedelta(days=330 if expiring else 10)
    return services.certificate_issue(application=application, by=cast.staff, valid_from=valid_from)


def _open_campaign(cast: Cast, entities, *, year: int):
    from monitoring import services
    from monitoring.tests.factories import CampaignFactory, pes_questionnaire

    campaign = CampaignFactory(year=year)
    services.respondents_add(campaign=campaign, questionnaire=pes_questionnaire(campaign), entities=entities,
                             by=cast.staff)
    return campaign


def staff_world(cast: Cast) -> dict:
    """A matter in each of the staff's queues, a change in the registry and a background job they ordered."""
    from accounts.registration import registration_confirm_email, registration_start, registration_token
    from certification.models import Application
    from certification.tests.factories import EditionFactory
    from core.services import job_create
    from entities import services as entity_services
    from entities.sources.models import RegistryTask
    from entities.tests.factories import EntityFactory
    from events import services as event_services
    from monitoring import services as monitoring_services
    from monitoring.models import Report
    from monitoring.tests.factories import small_programme

    edition = EditionFactory()
    submitted = _submitted(cast, edition, _represented(cast.pes, EntityFactory(name="Spółdzielnia Złożona")))
    checked = _checked(cast, edition, _represented(cast.pes, EntityFactory(name="Spółdzielnia Sprawdzana")))
    overdue = _returned(cast, edition, _represented(cast.pes, EntityFactory(name="Spółdzielnia Spóźniona")))
    # The deadline was later than today when staff returned it; the days have passed since.
    Application.objects.filter(pk=overdue.pk).update(corrections_deadline=timezone.localdate() - timedelta(days=1))
    expiring = _certificate(cast, _represented(cast.pes, EntityFactory(name="Spółdzielnia Wygasająca")),
                            expiring=True)
    report = monitoring_services.report_create(kind=Report.Kind.ANNUAL, programme=small_programme(), year=2025,
                                               by=cast.staff)
    campaign = _open_campaign(cast, [cast.entity], year=2026)
    registration = registration_start(email="renata@spoldzielnia.example.pl", first_name="Renata",
                                      last_name="Rejestrowa", password="test-password-123",
                                      entity_nip=EntityFactory(name="Spółdzielnia Rejestrowana").nip,
                                      consent_processing=True, consent_authorised=True)
    registration = registration_confirm_email(token=registration_token(registration))
    task = RegistryTask.objects.create(
        entity=EntityFactory(name="Fundacja w Likwidacji"), kind=RegistryTask.Kind.LIQUIDATION, source="krs",
        detected_on=timezone.localdate(), dedup_key="home-journey",
        changes=[{"field": "state", "label": "stan", "old": "aktywny", "new": "w likwidacji"}])
    now = timezone.now()
    event = event_services.event_create(by=cast.staff, kind="conference", title="Forum ekonomii społecznej",
                                        starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=1),
                                        venue="Toruń")
    changed = entity_services.entity_create(by=cast.staff, name="Stowarzyszenie Najnowsze", legal_form="association",
                                            seat_id="0463011")
    job = job_create(kind="audit_pdf", title="Historia zmian: Stowarzyszenie Najnowsze",
                     params={"model": "entities.Entity", "pk": changed.pk}, by=cast.staff)
    return {"submitted": submitted, "checked": checked, "overdue": overdue, "expiring": expiring, "report": report,
            "campaign": campaign, "registration": registration, "task": task, "event": event, "changed": changed,
            "job": job}


def board_world(cast: Cast) -> dict:
    """A report awaiting the Board's acceptance and an accepted one. Reaching those states takes a generated
    version, the Committee's adopted opinion and the Board's resolution: the states are written directly."""
    from datetime import date

    from monitoring import services
    from monitoring.models import Report, ReportStatus
    from monitoring.tests.factories import small_programme

    programme = small_programme()
    awaiting = services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=2025, by=cast.staff,
                                      title="Sprawozdanie z realizacji programu za 2025")
    accepted = services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=2024, by=cast.staff,
                                      title="Sprawozdanie z realizacji programu za 2024")
    Report.objects.filter(pk=awaiting.pk).update(status=ReportStatus.COMMITTEE_OPINION)
    Report.objects.filter(pk=accepted.pk).update(status=ReportStatus.ACCEPTED, board_resolution_number="412/2025",
                                                 board_resolution_date=date(2025, 5, 20))
    return {"awaiting": awaiting, "accepted": accepted}


def member_world(cast: Cast) -> dict:
    """For the committee member: a vote open to them, a draft to declare a conflict on, an application of
    their chapter to assess, a meeting to come with its agenda and a document, and the survey to answer."""
    from certification import services as certification_services
    from certification.models import Status
    from certification.tests.factories import EditionFactory, chapter_seat, pdf_upload
    from committee import services
    from committee.models import Category, Meeting, Resolution, Survey
    from committee.survey import survey_create, survey_transition
    from committee.tests.factories import CommitteeFactory

    member = cast.member
    committee = CommitteeFactory(name="Regionalny Komitet Rozwoju Ekonomii Społecznej")
    services.member_appoint(committee=committee, user=member, category=Category.JST, by=cast.staff,
                            appointed_on=timezone.localdate() - timedelta(days=30))
    vote = services.resolution_create(committee=committee, title="Opinia o planie działań", by=cast.staff)
    services.conflict_declare(resolution=vote, user=member, has_conflict=False)
    vote = services.resolution_open_vote(resolution=vote, by=cast.staff, deadline=timezone.now() + timedelta(days=3))
    draft = services.resolution_create(committee=committee, title="Opinia o sprawozdaniu rocznym", by=cast.staff)
    meeting = services.meeting_create(committee=committee, held_on=timezone.now() + timedelta(days=5),
                                      mode=Meeting.Mode.IN_PERSON, place="Toruń, sala 12",
                                      agenda="Otwarcie\nOpinia o sprawozdaniu rocznym", by=cast.staff)
    services.document_add(upload=pdf_upload("projekt-opinii.pdf"), title="Projekt opinii", meeting=meeting,
                          by=cast.staff)
    survey = survey_create(committee=committee, year=timezone.localdate().year, by=cast.staff,
                           title="Ankieta członków komitetu")
    survey = survey_transition(survey=survey, to=Survey.Status.OPEN, by=cast.staff,
                               closes_on=timezone.localdate() + timedelta(days=14))
    edition = EditionFactory()
    application = _checked(cast, edition, _represented(cast.pes, cast.entity))
    chapter_seat(application, member, conflict=None)
    application = certification_services.application_transition(application=application, to=Status.ASSESSMENT,
                                                                 by=cast.staff)
    chapter_seat(application, member, conflict=False)
    assert vote.status == Resolution.Status.OPEN
    return {"vote": vote, "draft": draft, "meeting": meeting, "survey": survey, "application": application}


def pes_world(cast: Cast) -> dict:
    """For the PES representative: a return for corrections with its deadline, a draft to continue, a
    questionnaire to answer, a current certificate, an event they registered for, and an edition open with no
    application of theirs yet (to start one)."""
    from certification import services
    from certification.tests.factories import EditionFactory
    from events import services as event_services
    from events.models import ParticipantCategory
    from events.tests.factories import EventFactory

    returned = _returned(cast, EditionFactory(name="Edycja wiosenna"), cast.entity)
    draft = services.application_create(edition=EditionFactory(name="Edycja letnia"), entity=cast.entity,
                                        by=cast.pes)
    fresh = EditionFactory(name="Edycja jesienna")
    campaign = _open_campaign(cast, [cast.entity], year=2026)
    certificate = _certificate(cast, cast.entity, expiring=False)
    event = EventFactory(open=True, title="Targi ekonomii społecznej")
    registration = event_services.registration_create(event=event, consent=True, data=event_services.ParticipantData(
        first_name=cast.pes.first_name, last_name=cast.pes.last_name, email=cast.pes.email,
        category=ParticipantCategory.PES, entity_id=cast.entity.pk))
    return {"returned": returned, "draft": draft, "fresh": fresh, "campaign": campaign,
            "respondent": campaign.respondents.get(), "certificate": certificate, "event": event,
            "registration": registration}


WORLDS = {"staff": staff_world, "board": board_world, "member": member_world, "pes": pes_world}
