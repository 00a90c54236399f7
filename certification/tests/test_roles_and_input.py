"""A person with several roles gets the union of what each allows; posted ids never cause a 500; a removed
attachment's file survives a rollback; the open edition is one rule."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from certification import services
from certification.models import Application, Attachment, Certificate, Edition, Status
from certification.selectors import application_list
from entities.models import Representation

from .factories import ApplicationFactory, EditionFactory, chapter_seat, complete, pdf_upload
from .test_views import all_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def own(pes_member, pes_member_entity, edition):
    """The two-role person's own draft, in an edition decided by a chapter they sit on."""
    application = services.application_create(edition=edition, entity=pes_member_entity, by=pes_member)
    chapter_seat(application, pes_member, conflict=None)
    return application


@pytest.fixture
def chapter_case(pes, pes_entity, staff, edition):
    """Another entity's application under the chapter's assessment."""
    application = complete(services.application_create(edition=edition, entity=pes_entity, by=pes), pes)
    for to, by in [(Status.SUBMITTED, pes), (Status.FORMAL_CHECK, staff), (Status.ASSESSMENT, staff)]:
        application = services.application_transition(application=application, to=to, by=by)
    return application


# --- several roles --------------------------------------------------------------------------------

def test_a_pes_representative_on_the_chapter_sees_their_own_draft(client_for, pes_member, own):
    assert client_for(pes_member).get(reverse("certification:detail", args=[own.pk])).status_code == 200


def test_a_pes_representative_on_the_chapter_edits_their_own_application(client_for, pes_member, own):
    client = client_for(pes_member)
    assert client.get(reverse("certification:step", args=[own.pk, "entity"])).status_code == 200
    client.post(reverse("certification:step", args=[own.pk, "finances"]),
                {"revenue_period": "2025", "total_revenue": "1000", "own_revenue": "400"})
    own.refresh_from_db()
    assert own.own_revenue == 400


def test_a_pes_representative_on_the_chapter_sees_the_chapters_cases_too(client_for, pes_member, own,
                                                                          chapter_case):
    assert client_for(pes_member).get(reverse("certification:detail", args=[chapter_case.pk])).status_code == 200
    assert set(application_list(user=pes_member)) == {own, chapter_case}


def test_a_pes_representative_on_the_chapter_declares_on_a_case(client_for, pes_member, own, chapter_case):
    client_for(pes_member).post(reverse("certification:declare", args=[chapter_case.pk]), {"has_conflict": "no"})
    assert chapter_case.resolution.declarations.get().member.user == pes_member


def test_the_two_role_person_gets_404_on_every_url_of_someone_elses_draft(client_for, pes_member, pes, pes_entity,
                                                                          edition):
    other_edition = EditionFactory(committee=edition.committee)  # the same chapter decides another edition
    draft = services.application_create(edition=other_edition, entity=pes_entity, by=pes)
    attachment = services.attachment_add(application=draft, by=pes, upload=pdf_upload(), kind="other")
    chapter_seat(draft, pes_member, conflict=None)
    client = client_for(pes_member)
    for method, url in all_urls(draft, attachment):
        assert getattr(client, method)(url).status_code == 404, url
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_staff_member_who_represents_an_entity_submits_its_application(pes_entity, edition):
    person = UserFactory(roles=[Role.ROPS_STAFF, Role.PES_REPRESENTATIVE])
    Representation.objects.create(user=person, entity=pes_entity)
    application = complete(services.application_create(edition=edition, entity=pes_entity, by=person), person)
    application = services.application_transition(application=application, to=Status.SUBMITTED, by=person)
    assert application.status == Status.SUBMITTED


# --- posted ids ---------------------------------------------------------------------------------

MALFORMED = ["abc", "²", "1e309", "1" * 30, "-1", ""]


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_edition_is_refused_with_a_message(client_for, pes, pes_entity, edition, value):
    response = client_for(pes).post(reverse("certification:start"), {"edition": value, "entity": pes_entity.pk},
                                    follow=True)
    assert response.status_code == 200
    assert "Wybierz edycję, która przyjmuje teraz wnioski." in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_entity_answers_404(client_for, pes, edition, value):
    response = client_for(pes).post(reverse("certification:start"), {"edition": edition.pk, "entity": value})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_another_users_entity_answers_404(client_for, pes, edition, other_entity):
    response = client_for(pes).post(reverse("certification:start"), {"edition": edition.pk,
                                                                     "entity": other_entity.pk})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_a_closed_edition_is_not_offered_and_is_refused(client_for, pes, pes_entity):
    past = EditionFactory(opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1))
    client = client_for(pes)
    assert f'value="{past.pk}"' not in client.get(reverse("certification:list")).content.decode()
    response = client.post(reverse("certification:start"), {"edition": past.pk, "entity": pes_entity.pk},
                           follow=True)
    assert "Wybierz edycję, która przyjmuje teraz wnioski." in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("value", ["abc", "²", "1e309", "1" * 30])
def test_malformed_gala_choices_are_refused_and_nothing_changes(client_for, staff, pes_entity, value):
    from events.models import EventKind
    from events.tests.factories import EventFactory

    gala = EventFactory(kind=EventKind.GALA)
    certificate = services.certificate_issue(
        application=ApplicationFactory(entity=pes_entity, created_by=staff, status=Status.GRANTED), by=staff)
    response = client_for(staff).post(reverse("certification:gala", args=[gala.pk]),
                                      {"certificates": [certificate.pk, value]})
    assert response.status_code == 400
    assert "Wybierz certyfikaty z listy." in response.content.decode()
    assert not Certificate.objects.filter(gala=gala).exists()


# --- removing an attachment ----------------------------------------------------------------------

@pytest.fixture
def attachment(pes, pes_entity, edition):
    application = services.application_create(edition=edition, entity=pes_entity, by=pes)
    return services.attachment_add(application=application, by=pes, upload=pdf_upload(), kind="other")


def test_a_rolled_back_removal_keeps_the_file(pes, attachment):
    storage, name = attachment.file.storage, attachment.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        services.attachment_remove(attachment=attachment, by=pes)
        raise RuntimeError("something later in the same transaction failed")
    assert storage.exists(name)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_removal_deletes_the_file_once_committed(client_for, pes, attachment, django_capture_on_commit_callbacks):
    storage, name = attachment.file.storage, attachment.file.name
    url = reverse("certification:attachment_delete", args=[attachment.application_id, attachment.pk])
    with django_capture_on_commit_callbacks(execute=False) as pending:
        client_for(pes).post(url)
    assert storage.exists(name)   # not before the commit
    for callback in pending:
        callback()
    assert not storage.exists(name)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_only_the_applicant_removes_an_attachment(other_entity, attachment):
    stranger = UserFactory(roles=[Role.PES_REPRESENTATIVE])
    Representation.objects.create(user=stranger, entity=other_entity)
    with pytest.raises(PermissionDenied):
        services.attachment_remove(attachment=attachment, by=stranger)
    assert attachment.file.storage.exists(attachment.file.name)


# --- the open edition ---------------------------------------------------------------------------

def test_an_edition_is_open_from_its_first_to_its_last_day():
    today = timezone.localdate()
    first = EditionFactory(opens_on=today, closes_on=today + timedelta(days=3), criteria=False)
    last = EditionFactory(opens_on=today - timedelta(days=3), closes_on=today, criteria=False)
    EditionFactory(opens_on=today + timedelta(days=1), closes_on=today + timedelta(days=3), criteria=False)
    EditionFactory(opens_on=today - timedelta(days=3), closes_on=today - timedelta(days=1), criteria=False)
    assert set(Edition.objects.open_on(today)) == {first, last}
    assert first.is_open(today)
    assert not first.is_open(today - timedelta(days=1))


# --- who votes on the case ----------------------------------------------------------------------

def test_a_chapter_member_appointed_after_the_vote_opened_is_told_they_do_not_take_part(client_for, staff, member,
                                                                                         chapter_case):
    from committee.models import Category
    from committee.services import member_appoint

    from .test_services import _to_vote

    application = _to_vote(chapter_case, staff, [UserFactory(roles=[Role.COMMITTEE_MEMBER])])
    member_appoint(committee=application.edition.committee, user=member, category=Category.OTHER, by=staff)
    client = client_for(member)
    page = client.get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert "Powołano Cię po otwarciu głosowania" in page
    response = client.post(reverse("certification:declare", args=[application.pk]), {"has_conflict": "no"},
                           follow=True)
    assert "Powołano Cię po otwarciu głosowania" in response.content.decode()
    assert not application.resolution.declarations.filter(member__user=member).exists()
