from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certification import criteria, services
from certification.models import Application, ApplicationEvent, Certificate, Status

from .factories import ApplicationFactory, EditionFactory, chapter_seat, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(pes, pes_entity):
    return services.application_create(edition=EditionFactory(), entity=pes_entity, by=pes)


def move(application, *steps, by):
    for to in steps:
        application = services.application_transition(application=application, to=to, by=by,
                                                      note="powód", deadline=timezone.localdate() + timedelta(7))
    return application


def test_create_prefills_from_the_registry_and_only_for_own_entity(pes, pes_entity, other_entity):
    edition = EditionFactory()
    application = services.application_create(edition=edition, entity=pes_entity, by=pes)
    assert application.entity_name == pes_entity.name
    assert application.contact_email == pes.email
    with pytest.raises(PermissionDenied):
        services.application_create(edition=edition, entity=other_entity, by=pes)
    with pytest.raises(ValidationError):  # one live application per entity and edition
        services.application_create(edition=edition, entity=pes_entity, by=pes)


def test_closed_edition_takes_no_applications(pes, pes_entity):
    past = EditionFactory(opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1))
    with pytest.raises(ValidationError):
        services.application_create(edition=past, entity=pes_entity, by=pes)


def test_incomplete_application_cannot_be_submitted_and_says_what_is_missing(draft, pes):
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=draft, to=Status.SUBMITTED, by=pes)
    text = " ".join(exc.value.messages)
    assert "produkt" in text
    assert "rekomendacje" in text
    assert "oświadczenia" in text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not ApplicationEvent.objects.exists()


def test_full_path_with_a_return_for_corrections(draft, pes, staff, django_capture_on_commit_callbacks):
    complete(draft, pes)
    with django_capture_on_commit_callbacks(execute=True):
        a = move(draft, Status.SUBMITTED, by=pes)
        a = move(a, Status.FORMAL_CHECK, Status.RETURNED, by=staff)
    assert a.corrections_note == "powód"
    assert a.corrections_deadline > timezone.localdate()
    assert services.application_save_fields(application=a, by=pes, social_aims="Poprawione").social_aims
    with django_capture_on_commit_callbacks(execute=True):
        a = move(a, Status.SUBMITTED, by=pes)
        a = move(a, Status.FORMAL_CHECK, Status.ASSESSMENT, by=staff)
    assert a.status == Status.ASSESSMENT
    assert [e.to_status for e in a.events.all()] == ["submitted", "formal_check", "returned", "submitted",
                                                     "formal_check", "assessment"]
    # Every change was e-mailed to the applicant.
    assert len(mail.outbox) == 6
    assert all(pes.email in m.to for m in mail.outbox)
    assert "Zwrócony do poprawy" in mail.outbox[2].subject or "poprawy" in mail.outbox[2].body


@pytest.mark.parametrize(("who", "to", "from_status"), [
    ("pes", Status.FORMAL_CHECK, Status.SUBMITTED),        # applicant cannot start the formal check
    ("staff", Status.SUBMITTED, Status.DRAFT),              # staff cannot submit for the applicant
    ("member", Status.ASSESSMENT, Status.FORMAL_CHECK),     # a member moves nothing
    ("staff", Status.GRANTED, Status.COMMITTEE_VOTE),       # only the vote result grants
    ("outsider", Status.SUBMITTED, Status.DRAFT),
])
def test_who_may_not_move_an_application(cast, pes_entity, who, to, from_status):
    application = ApplicationFactory(entity=pes_entity, created_by=cast["pes"], status=from_status)
    with pytest.raises(PermissionDenied):
        services.application_transition(application=application, to=to, by=cast[who], note="x")
    application.refresh_from_db()
    assert application.status == from_status


def test_undeclared_transition_is_refused(pes_entity, staff):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to=Status.GRANTED, by=staff)
    assert exc.value.code == "invalid_transition"


def test_return_needs_a_reason_and_a_future_deadline(pes_entity, staff):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.FORMAL_CHECK)
    with pytest.raises(ValidationError):
        services.application_transition(application=application, to=Status.RETURNED, by=staff, note="",
                                        deadline=timezone.localdate() + timedelta(7))
    with pytest.raises(ValidationError):
        services.application_transition(application=application, to=Status.RETURNED, by=staff, note="braki",
                                        deadline=timezone.localdate())


def test_resubmission_after_the_deadline_is_refused(pes, pes_entity):
    application = complete(ApplicationFactory(entity=pes_entity, created_by=pes, status=Status.DRAFT), pes)
    Application.objects.filter(pk=application.pk).update(status=Status.RETURNED,
                                                         corrections_deadline=timezone.localdate() - timedelta(1))
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to=Status.SUBMITTED, by=pes)
    assert exc.value.code == "deadline_passed"


def test_applicant_cannot_edit_after_submission(pes, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=pes, status=Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.application_save_fields(application=application, by=pes, social_aims="zmiana")


def test_own_revenue_share_is_computed():
    assert Application(total_revenue=Decimal(200), own_revenue=Decimal(61)).own_revenue_share == Decimal("30.5")
    assert Application(total_revenue=Decimal(0), own_revenue=Decimal(1)).own_revenue_share is None
    assert Application(total_revenue=None, own_revenue=Decimal(1)).own_revenue_share is None


def test_computed_criteria(pes, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=pes, total_revenue=Decimal(100),
                                     own_revenue=Decimal(29))
    assert criteria.compute("own_revenue", application).met is False
    application.own_revenue = Decimal(30)
    assert criteria.compute("own_revenue", application).met is True
    assert criteria.compute("recommendations", application).met is False
    assert criteria.months_between(date(2025, 1, 31), date(2025, 7, 30)) == 5
    assert criteria.months_between(date(2025, 1, 31), date(2025, 7, 31)) == 6


def _in_assessment(entity, staff):
    """An application passed to the chapter's assessment through the service (which opens the chapter's case)."""
    application = ApplicationFactory(entity=entity, created_by=staff, status=Status.FORMAL_CHECK)
    return services.application_transition(application=application, to=Status.ASSESSMENT, by=staff)


def _scores(application, score=7):
    return {c.pk: {"passed": True, "score": score if c.max_score else None} for c in application.edition.criteria.all()}


def test_passing_to_assessment_opens_the_chapters_case(staff, pes_entity):
    from committee.models import Resolution

    application = _in_assessment(pes_entity, staff)
    resolution = application.resolution
    assert resolution.committee == application.edition.committee
    assert resolution.subject == Resolution.Subject.CERTIFICATION
    assert resolution.subject_object == application
    assert resolution.status == Resolution.Status.DRAFT


def test_assessment_needs_an_edition_with_a_chapter(staff, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.FORMAL_CHECK,
                                     edition=EditionFactory(committee=None))
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to=Status.ASSESSMENT, by=staff)
    assert exc.value.code == "no_chapter"
    application.refresh_from_db()
    assert application.status == Status.FORMAL_CHECK
    assert application.resolution is None


def test_assessments_stay_hidden_until_the_member_submits(member, staff, pes_entity):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from certification.selectors import assessments_visible_to

    other = UserFactory(roles=[Role.COMMITTEE_MEMBER])
    application = _in_assessment(pes_entity, staff)
    chapter_seat(application, other)
    chapter_seat(application, member)
    scores = _scores(application)
    services.assessment_save(application=application, member=other, scores=scores, comment="", submit=True)
    assert assessments_visible_to(application=application, user=member) == []
    services.assessment_save(application=application, member=member, scores=scores, comment="ok", submit=True)
    assert len(assessments_visible_to(application=application, user=member)) == 2
    assert len(assessments_visible_to(application=application, user=staff)) == 2
    with pytest.raises(ValidationError):  # submitted is final
        services.assessment_save(application=application, member=member, scores=scores, comment="", submit=False)


def test_assessment_validates_scores_and_completeness(member, staff, pes_entity):
    application = _in_assessment(pes_entity, staff)
    chapter_seat(application, member)
    score_criterion = application.edition.criteria.get(kind="score")
    with pytest.raises(ValidationError):
        services.assessment_save(application=application, member=member, comment="", submit=False,
                                 scores={score_criterion.pk: {"score": 11}})
    with pytest.raises(ValidationError):
        services.assessment_save(application=application, member=member, comment="", submit=True,
                                 scores={score_criterion.pk: {"score": 5}})


def test_non_members_cannot_assess(pes, member, pes_entity, staff):
    application = _in_assessment(pes_entity, staff)
    for outsider in (pes, member):  # member: a committee member, but not of this edition's chapter
        with pytest.raises(PermissionDenied):
            services.assessment_save(application=application, member=outsider, scores={}, comment="", submit=False)
    assert not application.assessments.exists()


def test_a_member_assesses_only_after_declaring_no_conflict(member, staff, pes_entity):
    from certification.assessors import may_see_case_documents

    application = _in_assessment(pes_entity, staff)
    chapter_seat(application, member, conflict=None)  # a member who has not declared yet
    assert not may_see_case_documents(application, member)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(application=application, member=member, scores=_scores(application), comment="",
                                 submit=False)
    assert exc.value.code == "undeclared"
    assert not application.assessments.exists()


def test_a_recused_member_neither_assesses_nor_sees_documents(member, staff, pes_entity):
    from certification.assessors import may_see_case_documents

    application = _in_assessment(pes_entity, staff)
    chapter_seat(application, member, conflict=True)
    assert not may_see_case_documents(application, member)
    with pytest.raises(PermissionDenied):
        services.assessment_save(application=application, member=member, scores=_scores(application), comment="",
                                 submit=False)
    assert not application.assessments.exists()


def _to_vote(application, staff, members):
    """Seat and declare ``members``, let the first assess, and put the case to the chapter's vote."""
    for m in members:
        chapter_seat(application, m)
    services.assessment_save(application=application, member=members[0], scores=_scores(application), comment="",
                             submit=True)
    return services.application_transition(application=application, to=Status.COMMITTEE_VOTE, by=staff,
                                           deadline=timezone.localdate() + timedelta(days=3))


def test_the_vote_needs_an_assessment_first(staff, member, pes_entity):
    application = _in_assessment(pes_entity, staff)
    chapter_seat(application, member)
    with pytest.raises(ValidationError) as exc:
        services.application_transition(application=application, to=Status.COMMITTEE_VOTE, by=staff)
    assert exc.value.code == "no_assessment"
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT
    assert application.resolution.status == "draft"


@pytest.mark.parametrize(("choices", "expected"), [
    (["for", "for", "against"], Status.GRANTED),
    (["against", "against", "for"], Status.REFUSED),
])
def test_the_chapters_vote_decides_the_application(staff, pes_entity, choices, expected,
                                                   django_capture_on_commit_callbacks):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from committee import services as committee

    members = [UserFactory(roles=[Role.COMMITTEE_MEMBER]) for _ in range(3)]
    application = _in_assessment(pes_entity, staff)
    chapter_seat(application, members[0], role="chair")
    application = _to_vote(application, staff, members)
    assert application.resolution.status == "open"
    assert application.resolution.deadline.date() == timezone.localdate() + timedelta(days=3)
    for user, choice in zip(members, choices, strict=True):
        committee.vote_cast(resolution=application.resolution, user=user, choice=choice)
    with django_capture_on_commit_callbacks(execute=True):
        committee.resolution_close(resolution=application.resolution, by=staff)
    application.refresh_from_db()
    assert application.status == expected
    event = application.events.last()
    assert event.actor is None
    assert event.to_status == expected
    assert application.resolution.number in application.decision_reason


def test_a_vote_without_quorum_decides_nothing_and_is_repeated(staff, pes_entity,
                                                               django_capture_on_commit_callbacks):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from committee import services as committee

    members = [UserFactory(roles=[Role.COMMITTEE_MEMBER]) for _ in range(4)]
    application = _in_assessment(pes_entity, staff)
    application = _to_vote(application, staff, members)
    committee.vote_cast(resolution=application.resolution, user=members[0], choice="for")  # 1 of 4: no quorum
    first = application.resolution
    with django_capture_on_commit_callbacks(execute=True):
        committee.resolution_close(resolution=first, by=staff)
    application.refresh_from_db()
    assert application.status == Status.COMMITTEE_VOTE
    assert services.vote_needs_repeating(application)
    assert services.certificates_daily()["decided"] == 0
    application = services.application_vote_again(application=application, by=staff)
    assert application.resolution != first
    assert application.resolution.status == "open"
    with pytest.raises(ValidationError):  # the new vote is open: nothing to repeat
        services.application_vote_again(application=application, by=staff)


def test_the_daily_run_applies_a_vote_the_notification_missed(staff, pes_entity):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from committee import services as committee

    members = [UserFactory(roles=[Role.COMMITTEE_MEMBER]) for _ in range(2)]
    application = _to_vote(_in_assessment(pes_entity, staff), staff, members)
    for user in members:
        committee.vote_cast(resolution=application.resolution, user=user, choice="for")
    committee.resolution_close(resolution=application.resolution, by=staff)  # on-commit callbacks not run
    application.refresh_from_db()
    assert application.status == Status.COMMITTEE_VOTE
    assert services.certificates_daily()["decided"] == 1
    application.refresh_from_db()
    assert application.status == Status.GRANTED


def _granted(entity, by):
    return ApplicationFactory(entity=entity, created_by=by, status=Status.GRANTED)


def test_certificate_numbers_are_sequential_per_year_and_the_mark_is_active(staff, pes_entity, other_entity,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.certificate_issue(application=_granted(pes_entity, staff), by=staff,
                                           valid_from=date(2026, 3, 1))
        second = services.certificate_issue(application=_granted(other_entity, staff), by=staff,
                                            valid_from=date(2026, 5, 1))
    year_later = services.certificate_issue(application=_granted(pes_entity, staff), by=staff,
                                            valid_from=date(2027, 1, 10))
    assert [first.number, second.number, year_later.number] == ["ZP/04/2026/001", "ZP/04/2026/002",
                                                                 "ZP/04/2027/001"]
    assert first.valid_until == date(2027, 2, 28)
    first.application.refresh_from_db()
    assert first.application.status == Status.ACTIVE
    first.refresh_from_db()
    assert first.pdf.read()[:4] == b"%PDF"


def test_certificate_only_for_a_granted_mark(staff, pes_entity):
    application = ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.ASSESSMENT)
    with pytest.raises(ValidationError):
        services.certificate_issue(application=application, by=staff)
    assert not Certificate.objects.exists()


def test_daily_run_reminds_at_60_and_14_days_then_expires(staff, pes, pes_entity,
                                                         django_capture_on_commit_callbacks):
    certificate = services.certificate_issue(application=_granted(pes_entity, staff), by=staff,
                                             valid_from=date(2026, 1, 1))
    until = certificate.valid_until
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_daily(today=until - timedelta(61))["reminded"] == 0
        assert services.certificates_daily(today=until - timedelta(60))["reminded"] == 1
        assert services.certificates_daily(today=until - timedelta(59))["reminded"] == 0  # once only
        assert services.certificates_daily(today=until - timedelta(14))["reminded"] == 1
        assert services.certificates_daily(today=until)["expired"] == 0
        assert services.certificates_daily(today=until + timedelta(1))["expired"] == 1
    certificate.application.refresh_from_db()
    assert certificate.application.status == Status.EXPIRED
    # expiring (60 days), reminder (14 days), expired: each to the application's contact and the representative
    recipients = {certificate.application.contact_email, pes.email} - {""}
    assert len(mail.outbox) == 3 * len(recipients)
    assert {m.to[0] for m in mail.outbox} == recipients


def test_withdrawal_needs_a_reason_and_is_recorded(staff, pes_entity):
    certificate = services.certificate_issue(application=_granted(pes_entity, staff), by=staff)
    with pytest.raises(ValidationError):
        services.certificate_withdraw(certificate=certificate, by=staff, reason=" ")
    with pytest.raises(ValidationError):  # not around the certificate
        services.application_transition(application=certificate.application, to=Status.WITHDRAWN, by=staff,
                                        note="x")
    services.certificate_withdraw(certificate=certificate, by=staff, reason="Utrata statusu PES")
    certificate.refresh_from_db()
    assert certificate.withdrawn_at
    assert certificate.application.status == Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.certificate_withdraw(certificate=certificate, by=staff, reason="again")


def test_renewal_is_prefilled_and_linked(staff, pes, pes_entity):
    old = complete(ApplicationFactory(entity=pes_entity, created_by=pes, status=Status.DRAFT), pes)
    Application.objects.filter(pk=old.pk).update(status=Status.ACTIVE)
    old.refresh_from_db()
    new_edition = EditionFactory()
    renewal = services.application_renew(previous=old, edition=new_edition, by=pes)
    assert renewal.previous == old
    assert renewal.status == Status.DRAFT
    assert list(renewal.items.values_list("name", flat=True)) == ["Ceramika użytkowa"]
    assert renewal.recommendations.count() == 2
    assert renewal.answers.count() == 2


def test_computed_legal_form_and_months_from_the_registry(pes, pes_entity):
    from entities.models import LegalForm

    application = ApplicationFactory(entity=pes_entity, created_by=pes)
    pes_entity.legal_form = LegalForm.SOCIAL_COOPERATIVE
    assert criteria.compute("legal_form", application).met is True
    pes_entity.legal_form = LegalForm.WTZ
    assert criteria.compute("legal_form", application).met is False
    pes_entity.registered_on = None
    assert criteria.compute("months_of_operation", application).met is None
    pes_entity.registered_on = timezone.localdate() - timedelta(days=400)
    assert criteria.compute("months_of_operation", application).met is True


def test_public_register_filters_by_powiat(staff, pes_entity, other_entity):
    from certification.selectors import public_register

    pes_entity.seat_id, other_entity.seat_id = "0463011", "0461011"
    pes_entity.save()
    other_entity.save()
    for entity in (pes_entity, other_entity):
        services.certificate_issue(application=_granted(entity, staff), by=staff)
    assert [c.application.entity for c in public_register(powiat="0461")] == [other_entity]


def test_every_missing_item_links_to_a_step_that_exists(pes, pes_entity):
    from certification.forms import STEP_NAMES

    application = ApplicationFactory(entity=pes_entity, created_by=pes, entity_name="", social_aims="")
    steps = {step for step, _message in services.application_missing(application)}
    assert steps <= set(STEP_NAMES)
