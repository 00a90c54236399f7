"""Irreversible actions ask first, on a page that says what will happen; the action stays a POST."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Certificate, Edition, Status
from committee.models import Committee, Member, Resolution

pytestmark = pytest.mark.django_db


def _application(pes, pes_entity, status):
    today = timezone.localdate()
    edition = Edition.objects.create(name="Edycja", year=today.year, opens_on=today, closes_on=today)
    return Application.objects.create(edition=edition, entity=pes_entity, created_by=pes, status=status)


def test_issuing_a_certificate_asks_first_and_issues_nothing(client_for, staff, pes, pes_entity):
    application = _application(pes, pes_entity, Status.GRANTED)
    response = client_for(staff).get(reverse("certification:certificate_issue", args=[application.pk]))
    assert "Tego nie można cofnąć" in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_application_page_links_to_the_confirmation(client_for, staff, pes, pes_entity):
    application = _application(pes, pes_entity, Status.GRANTED)
    page = client_for(staff).get(reverse("certification:detail", args=[application.pk])).content.decode()
    assert f'href="{reverse("certification:certificate_issue", args=[application.pk])}"' in page


def test_the_confirmation_is_for_staff_only(client_for, pes, pes_entity):
    application = _application(pes, pes_entity, Status.GRANTED)
    assert client_for(pes).get(reverse("certification:certificate_issue", args=[application.pk])).status_code == 403


def test_withdrawing_a_mark_asks_for_the_reason_on_its_confirmation(client_for, staff, pes, pes_entity):
    application = _application(pes, pes_entity, Status.ACTIVE)
    Certificate.objects.create(application=application, year=2026, sequence=1, number="ZP/1", entity_name="X",
                               items="x", valid_from=timezone.localdate(),
                               valid_until=timezone.localdate() + timedelta(days=300))
    page = client_for(staff).get(reverse("certification:certificate_withdraw", args=[application.pk]))
    assert 'name="reason"' in page.content.decode()


def _open_vote(member_user):
    committee = Committee.objects.create(kind="rkres", name="RKRES",
                                         term_start=timezone.localdate() - timedelta(days=400))
    m = Member.objects.create(committee=committee, user=member_user, category="ngo",
                              appointed_on=timezone.localdate() - timedelta(days=30))
    return Resolution.objects.create(committee=committee, year=2026, sequence=1, title="Uchwała",
                                     status=Resolution.Status.OPEN, opened_at=timezone.now(),
                                     entitled_members=[m.pk])


def test_closing_a_vote_says_how_many_have_not_voted(client_for, staff, member):
    resolution = _open_vote(member)
    page = client_for(staff).get(reverse("committee:resolution_close", args=[resolution.pk])).content.decode()
    assert "1 uprawniony członek" in page


def test_closing_a_vote_is_confirmed_before_it_closes(client_for, staff, member):
    resolution = _open_vote(member)
    client_for(staff).get(reverse("committee:resolution_close", args=[resolution.pk]))
    resolution.refresh_from_db()
    assert resolution.is_open


def test_a_member_may_not_open_the_close_confirmation(client_for, member):
    resolution = _open_vote(member)
    assert client_for(member).get(reverse("committee:resolution_close", args=[resolution.pk])).status_code == 403


def test_dismissing_a_member_asks_first_with_the_reason(client_for, staff, member):
    resolution = _open_vote(member)
    m = resolution.committee.members.get()
    page = client_for(staff).get(reverse("committee:member_dismiss", args=[m.pk])).content.decode()
    assert 'name="reason"' in page
    m.refresh_from_db()
    assert m.dismissed_on is None


def test_the_committee_page_links_to_the_dismissal_confirmation(client_for, staff, member):
    m = _open_vote(member).committee.members.get()
    page = client_for(staff).get(reverse("committee:detail", args=[m.committee_id])).content.decode()
    assert f'href="{reverse("committee:member_dismiss", args=[m.pk])}"' in page
